-- The record store: one row per issue, keyed by its identity. The first instance to insert an issue wins
-- (INSERT ... ON CONFLICT DO NOTHING), so two instances racing on the same issue record it once.
CREATE TABLE relay_records (
    year               INTEGER     NOT NULL,
    issue              INTEGER     NOT NULL,
    record             JSONB       NOT NULL,
    announce_candidate BOOLEAN     NOT NULL,
    announce           BOOLEAN,                 -- null: not decided yet
    fanned_out         BOOLEAN     NOT NULL DEFAULT FALSE,
    recorded_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (year, issue)
);

-- The page ledger: what each page (article identity, feed URL, archive file) came to.
CREATE TABLE relay_pages (
    page_key  TEXT PRIMARY KEY,
    url       TEXT,
    status    TEXT        NOT NULL,
    problem   TEXT,
    attempts  INTEGER     NOT NULL DEFAULT 0,
    retry_at  TIMESTAMPTZ,
    depth     INTEGER     NOT NULL DEFAULT 0,
    updated   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX relay_pages_due ON relay_pages (retry_at) WHERE status = 'TEMPORARY_FAILURE';
