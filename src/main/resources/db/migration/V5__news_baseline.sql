-- The news baseline held while live pages a poll could not read wait for their retry (at most one row): an issue
-- newer than it is still news when a later poll reads it, though newer issues were decided meanwhile.
CREATE TABLE relay_news_baseline (
    only_row BOOLEAN     PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    year     INTEGER     NOT NULL,
    issue    INTEGER     NOT NULL,
    held_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
