-- The digest ledger shared by every instance on this database (org.cncertrelay.digest.PostgresDigestLedger).

-- A single row that a digest run locks FOR UPDATE in a transaction held for the whole run: one run at a time
-- across all instances. The lock goes with the connection, so an instance that dies lets the next one in.
CREATE TABLE digest_run_lock (
    id integer PRIMARY KEY CHECK (id = 1)
);
INSERT INTO digest_run_lock (id) VALUES (1);

-- A prepared digest and the message every subscriber gets (addressed to each when sent), stored before any copy
-- is sent so that any instance can resume it.
CREATE TABLE digest (
    id          text PRIMARY KEY,
    seq         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    message     bytea NOT NULL,
    prepared_at timestamptz NOT NULL DEFAULT now()
);

-- The issues of each digest. The primary key puts an issue in at most one digest.
CREATE TABLE digest_issue (
    year      integer NOT NULL,
    issue     integer NOT NULL,
    digest_id text NOT NULL REFERENCES digest (id),
    PRIMARY KEY (year, issue)
);
CREATE INDEX digest_issue_by_digest ON digest_issue (digest_id);

-- Each subscriber of each digest: owed until the server's answer makes it sent, or failed (refused for good).
CREATE TABLE digest_recipient (
    digest_id  text NOT NULL REFERENCES digest (id),
    recipient  text NOT NULL,
    ordinal    integer NOT NULL,
    status     text NOT NULL DEFAULT 'owed' CHECK (status IN ('owed', 'sent', 'failed')),
    reason     text,
    settled_at timestamptz,
    PRIMARY KEY (digest_id, recipient)
);
CREATE INDEX digest_recipient_owed ON digest_recipient (digest_id) WHERE status = 'owed';
