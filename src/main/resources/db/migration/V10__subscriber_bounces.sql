-- Hard bounces of the digest to each subscriber since it last subscribed (PgSubscriberList.bounced): at
-- digest.imap.bounce-limit the address becomes 'bouncing' and gets no further digest.
ALTER TABLE subscriber ADD COLUMN hard_bounces integer NOT NULL DEFAULT 0;
