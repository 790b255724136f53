-- The webhook delivery ledger shared by all instances (PgDeliveryLedger): one row per report and target,
-- enqueued once whichever instance sees the report first, and sent by the one instance holding its claim.
CREATE TABLE webhook_deliveries (
    year        integer     NOT NULL,
    issue       integer     NOT NULL,
    target      text        NOT NULL,
    -- the report and the previous issue for the change figures, as the file ledger journals them
    delivery    jsonb       NOT NULL,
    state       text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    -- while pending: the instance sending it, until lease_until (the database's clock); once settled: the one
    -- that settled it
    claimed_by  text,
    lease_until timestamptz,
    enqueued_at timestamptz NOT NULL,
    settled_at  timestamptz,
    -- enqueueing is exactly once per (report, target) because of this key and INSERT ... ON CONFLICT DO NOTHING
    PRIMARY KEY (year, issue, target)
);

-- what every instance polls for
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (year, issue, target) WHERE state = 'pending';

-- Deliveries given up on, until a replay turns them back into pending ones; the delivery row says 'dead'.
CREATE TABLE webhook_dead_letters (
    year      integer     NOT NULL,
    issue     integer     NOT NULL,
    target    text        NOT NULL,
    -- the body of the last attempt, as sent; null if it could not even be rendered
    payload   text,
    reason    text        NOT NULL,
    attempts  integer     NOT NULL,
    failed_at timestamptz NOT NULL,
    PRIMARY KEY (year, issue, target),
    FOREIGN KEY (year, issue, target) REFERENCES webhook_deliveries (year, issue, target)
);
