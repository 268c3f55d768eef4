-- Search bounded by the page at a million papers (issue 14): a search reads the newest matches of its text first,
-- bucket by bucket, instead of walking the recency index (work ∝ catalog / matches) or reading every match (∝ matches).

-- btree_gin (contrib; trusted since PostgreSQL 13, so the database's owner creates it without superuser) lets one GIN
-- index hold a bigint column beside the vector: "recency_bucket = ANY(buckets) AND search @@ q" then intersects the
-- posting lists of a few buckets with the word's, reading only the part of the word's list those buckets cover.
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- The bucket of an ingestion time: whole periods of ${searchBucketSeconds} seconds since the epoch
-- (quarkus.flyway.placeholders.searchBucketSeconds, fixed when this migration runs: changing it later needs a new
-- migration that redefines the function and rewrites the column). By time, not by a count of papers: a bucket must
-- be monotone in ingested_at, the listing's sort key, so that the newest buckets hold exactly the newest papers
-- whatever order parallel writers commit in. The writer and the reader both call it; Java never computes a bucket.
CREATE FUNCTION paper_search_bucket(ingested_at timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT floor(extract(epoch FROM ingested_at) / ${searchBucketSeconds})::bigint $$;

-- the old vector-only index is replaced, not kept beside: the two-column index answers "search @@ q" alone as well
DROP INDEX paper_search_idx;
ALTER TABLE paper_search ADD COLUMN recency_bucket bigint;
UPDATE paper_search s SET recency_bucket = paper_search_bucket(p.ingested_at) FROM paper p WHERE p.id = s.paper_id;
-- a vector left by a paper already removed (the indexer drops it): any bucket, no paper joins it
UPDATE paper_search SET recency_bucket = 0 WHERE recency_bucket IS NULL;
ALTER TABLE paper_search ALTER COLUMN recency_bucket SET NOT NULL;
CREATE INDEX paper_search_bucket_idx ON paper_search USING gin (recency_bucket, search);
