-- Hardening (issue 15): any number of themes, and no index row that a long text can push past btree's limit
-- (~2704 bytes; a 1,000-character title of 4-byte UTF-8 is 4,000 bytes).

-- Theme masks become bytea: bit i of the mask is bit (i % 8) of byte (i / 8), trailing zero bytes dropped, so one
-- set of themes has exactly one value (equality and the (mask, shard) key of theme_combo stay exact) and a mask is
-- as long as its highest theme bit needs. The V1/V2 bigint masks convert to the same form: bit i stays bit i, so
-- theme.bit, paper masks and the sharded counters keep agreeing.
CREATE FUNCTION v3_mask_bytes(mask bigint) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT coalesce(string_agg(set_byte('\x00'::bytea, 0, ((mask >> (8 * i)) & 255)::int), ''::bytea ORDER BY i),
                    ''::bytea)
    FROM generate_series(0, 7) AS i
    WHERE i <= (SELECT max(j) FROM generate_series(0, 7) AS j WHERE (mask >> (8 * j)) & 255 <> 0)
$$;

-- paper_theme_mask_recent_idx and theme_combo's primary key are rebuilt on the new type
ALTER TABLE paper
    ALTER COLUMN theme_mask TYPE bytea USING v3_mask_bytes(theme_mask),
    ALTER COLUMN previous_theme_mask TYPE bytea USING v3_mask_bytes(previous_theme_mask);
ALTER TABLE theme_combo ALTER COLUMN mask TYPE bytea USING v3_mask_bytes(mask);
DROP FUNCTION v3_mask_bytes(bigint);

-- A theme's bit is no longer below 64; how many bits exist is the service's setting (paperstream.query.themes.max-bits,
-- which keeps a mask far below btree's limit).
ALTER TABLE theme DROP CONSTRAINT theme_bit_check;
ALTER TABLE theme ALTER COLUMN bit TYPE integer;
ALTER TABLE theme ADD CONSTRAINT theme_bit_check CHECK (bit >= 0);
-- Slugs key three btree indexes (theme, paper_theme twice): 200 characters are at most 800 bytes. A longer slug
-- is refused as bad data (the writer skips one on a paper, a definition goes to the dead-letter topic). NOT VALID:
-- a row stored before this check is left alone.
ALTER TABLE theme ADD CONSTRAINT theme_slug_length CHECK (length(slug) <= 200) NOT VALID;

-- sort=title orders by the first 200 characters of the title, then id (CatalogReader's TITLE_SORT_CHARACTERS):
-- at most 800 + 1024 bytes (ids are at most 256 characters), whatever the title's length.
DROP INDEX paper_title_idx;
CREATE INDEX paper_title_prefix_idx ON paper (left(title, 200), id);

-- source filter: the index holds the first 100 characters; the query checks the whole source on the rows found
DROP INDEX paper_source_recent_idx;
CREATE INDEX paper_source_recent_idx ON paper (left(source, 100), ingested_at DESC, id DESC);
