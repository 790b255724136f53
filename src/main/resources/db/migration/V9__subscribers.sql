-- The digest's subscriber list shared by every instance on this database
-- (org.cncertrelay.subscribers.PgSubscriberList).

-- One row per address ever listed, keyed by the mailbox in lower case. An address that left keeps its row, so that
-- seeding from digest.to never brings it back.
CREATE TABLE subscriber (
    address      text PRIMARY KEY,
    display_name text NOT NULL DEFAULT '',
    language     text NOT NULL CHECK (language IN ('zh-CN', 'en')),
    state        text NOT NULL CHECK (state IN ('active', 'unsubscribed', 'bouncing')),
    -- how it joined while active (digest.to, cli, mailto); how it left otherwise (one-click, link, cli, mailto)
    how          text NOT NULL,
    since        timestamptz NOT NULL,
    ordinal      bigint GENERATED ALWAYS AS IDENTITY
);
