-- Which parser judged each page: a page an older parser rejected (not this bulletin, unrecognised, malformed) is
-- read again once the parser's version is higher. Rows written before were judged by parser 1.
ALTER TABLE relay_pages ADD COLUMN parser_version INTEGER NOT NULL DEFAULT 1;
