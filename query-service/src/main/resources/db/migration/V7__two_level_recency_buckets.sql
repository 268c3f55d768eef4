-- Recency buckets robust to the ingestion rate (issue 14): V6's one width (60 s) held ~150,000 papers a bucket when
-- a million papers were loaded in minutes and ~1 paper when they arrive one a minute; no single width fits both. Two
-- levels in the same GIN index: fine buckets (recency_bucket, now ${searchFineBucketSeconds} s) and coarse ones
-- (recency_coarse, ${searchFineBucketsPerCoarse} fine buckets). The reader starts with fine buckets and goes on with
-- coarse ones where the fine ones turn out sparse (SearchPages): a bucket read then costs about the matches it finds
-- whatever the rate.

-- The fine bucket of an ingestion time (replaces V6's width). Java never computes a bucket.
CREATE OR REPLACE FUNCTION paper_search_bucket(ingested_at timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT floor(extract(epoch FROM ingested_at) / ${searchFineBucketSeconds})::bigint $$;

-- The coarse bucket holding a fine bucket: whole groups of fine buckets, so each coarse bucket is a union of fine
-- ones and both are monotone in ingested_at (the listing's sort key): the reader switches level at a fine bucket.
CREATE FUNCTION paper_search_coarse_bucket(fine_bucket bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT floor(fine_bucket::numeric / ${searchFineBucketsPerCoarse})::bigint $$;

-- for the reader's choice of level (how many fine buckets one coarse bucket stands for)
CREATE FUNCTION paper_search_fine_buckets_per_coarse() RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ${searchFineBucketsPerCoarse}::bigint $$;

DROP INDEX paper_search_bucket_idx;
UPDATE paper_search s SET recency_bucket = paper_search_bucket(p.ingested_at) FROM paper p WHERE p.id = s.paper_id;
-- generated from the fine bucket: the writers (which write recency_bucket) cannot leave the two levels apart
ALTER TABLE paper_search ADD COLUMN recency_coarse bigint NOT NULL
    GENERATED ALWAYS AS (paper_search_coarse_bucket(recency_bucket)) STORED;
CREATE INDEX paper_search_bucket_idx ON paper_search USING gin (recency_bucket, recency_coarse, search);
