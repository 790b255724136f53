-- A record --reparse corrected is offered again to the record sinks as a delivery of its own (event "corrected"),
-- beside the first delivery of the same issue and sink: the key gains the correction's revision ('' for the first
-- delivery; a hash of the corrected record otherwise, so the same correction is offered once).
ALTER TABLE webhook_dead_letters DROP CONSTRAINT webhook_dead_letters_year_issue_target_fkey;
ALTER TABLE webhook_dead_letters DROP CONSTRAINT webhook_dead_letters_pkey;
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_pkey;
ALTER TABLE webhook_deliveries ADD COLUMN revision text NOT NULL DEFAULT '';
ALTER TABLE webhook_dead_letters ADD COLUMN revision text NOT NULL DEFAULT '';
ALTER TABLE webhook_deliveries ADD PRIMARY KEY (year, issue, target, revision);
ALTER TABLE webhook_dead_letters ADD PRIMARY KEY (year, issue, target, revision);
ALTER TABLE webhook_dead_letters ADD FOREIGN KEY (year, issue, target, revision)
    REFERENCES webhook_deliveries (year, issue, target, revision);
DROP INDEX webhook_deliveries_pending;
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (year, issue, target, revision) WHERE state = 'pending';
