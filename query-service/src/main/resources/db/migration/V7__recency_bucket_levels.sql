-- Recency buckets robust to the ingestion rate (issue 14): V6's one width (60 s) held ~150,000 papers a bucket when
-- a million papers were loaded in minutes and ~1 paper when they arrive one a minute; no single width fits both. Three
-- levels in the same GIN index: fine buckets (recency_bucket, now ${searchFineBucketSeconds} s) and two coarser ones,
-- each ${searchBucketsPerCoarser} buckets of the level below (1 s, 1 min, 1 h by default). The reader starts with
-- fine buckets and goes up a level where the buckets read turn out sparse (SearchPages): a bucket read then costs
-- about the matches it finds whatever the rate.

-- The fine bucket of an ingestion time (replaces V6's width). Java never computes a bucket from a time.
CREATE OR REPLACE FUNCTION paper_search_bucket(ingested_at timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT floor(extract(epoch FROM ingested_at) / ${searchFineBucketSeconds})::bigint $$;

-- The bucket of level 1 or 2 holding a fine bucket: whole groups of buckets of the level below, so each bucket is a
-- union of buckets of the level below and every level is monotone in ingested_at (the listing's sort key): the
-- reader goes up a level at a bucket boundary.
CREATE FUNCTION paper_search_level_bucket(fine_bucket bigint, level int) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT floor(fine_bucket::numeric / (${searchBucketsPerCoarser}::numeric ^ level))::bigint $$;

-- for the reader: buckets of a level per bucket of the next level
CREATE FUNCTION paper_search_buckets_per_coarser() RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ${searchBucketsPerCoarser}::bigint $$;

DROP INDEX paper_search_bucket_idx;
UPDATE paper_search s SET recency_bucket = paper_search_bucket(p.ingested_at) FROM paper p WHERE p.id = s.paper_id;
-- generated from the fine bucket: the writers (which write recency_bucket) cannot leave the levels apart
ALTER TABLE paper_search
    ADD COLUMN recency_bucket_1 bigint NOT NULL GENERATED ALWAYS AS (paper_search_level_bucket(recency_bucket, 1)) STORED,
    ADD COLUMN recency_bucket_2 bigint NOT NULL GENERATED ALWAYS AS (paper_search_level_bucket(recency_bucket, 2)) STORED;
CREATE INDEX paper_search_bucket_idx ON paper_search USING gin (recency_bucket, recency_bucket_1, recency_bucket_2,
    search);
