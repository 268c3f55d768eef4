-- Similar papers at a million (issue 14): scoring a candidate by unnesting its whole tsvector (~100 lexemes, often
-- out of line in TOAST) and joining each lexeme to the paper's weights cost ~25 µs a candidate, most of a request's
-- time. Each vector's distinct lexemes are also kept as a sorted array of their hashes (~450 bytes, stored inline):
-- intarray's & intersects two of them in C, so a candidate is ranked from its heap row without reading its vector;
-- only the few best are then rescored exactly from their vectors (CatalogReader). A hash collision can only add a
-- term to an intersection, never drop one: the rank estimate is never below the exact score.

-- intarray: contrib, trusted since PostgreSQL 13 (the database owner creates it, as V6 does btree_gin)
CREATE EXTENSION IF NOT EXISTS intarray;

-- The sorted distinct hashes of a vector's lexemes (hashtext: PostgreSQL's own, computed by writer and reader alike).
CREATE FUNCTION paper_search_term_hashes(vector tsvector) RETURNS int4[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT uniq(sort(array(SELECT hashtext(t) FROM unnest(tsvector_to_array(vector)) AS t))) $$;

-- Generated from the vector, so the writers (which write search) cannot leave it behind; adding it rewrites
-- paper_search once (the backfill).
ALTER TABLE paper_search ADD COLUMN term_hashes int4[] NOT NULL
    GENERATED ALWAYS AS (paper_search_term_hashes(search)) STORED;
