-- When a poll last succeeded anywhere in the deployment (one row): health's "the source went silent" is a fact
-- about the cluster, not about the instance the clustered scheduler happened to give the polls to.
CREATE TABLE relay_polls (
    only_row     BOOLEAN     PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    last_success TIMESTAMPTZ NOT NULL,
    instance     TEXT        NOT NULL
);
