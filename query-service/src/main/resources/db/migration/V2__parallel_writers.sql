-- Parallel writers (issue 10): two or more query instances materialize at once without a row that every batch
-- updates. Counters are sharded by the Kafka partition the records came from (an instance owns its partitions, so
-- two instances never write the same counter row), and readers sum the shards.

-- theme_combo: one row per (mask, shard). A paper's +1 and -1 may land in different shards (e.g. after the topic
-- was repartitioned), so a single shard can go negative; only the sum over shards is meaningful, and it is exact
-- because every delta follows a transition of a locked paper row. Existing totals become shard 0.
ALTER TABLE theme_combo ADD COLUMN shard integer NOT NULL DEFAULT 0;
ALTER TABLE theme_combo ALTER COLUMN shard DROP DEFAULT;
ALTER TABLE theme_combo DROP CONSTRAINT theme_combo_pkey;
ALTER TABLE theme_combo ADD PRIMARY KEY (mask, shard);

-- catalog_version replaces catalog_state's single row: each shard bumps its own row; a reader's cache key is the
-- sum of versions (it only grows, and moves with any change) and the newest last_materialized_at.
-- shard -1 is the taxonomy (theme definitions), >= 0 the partitions of papers.enriched.
CREATE TABLE catalog_version (
    shard                integer PRIMARY KEY,
    version              bigint  NOT NULL,
    last_materialized_at timestamptz
);
INSERT INTO catalog_version (shard, version, last_materialized_at)
SELECT -1, version, last_materialized_at FROM catalog_state;
DROP TABLE catalog_state;

-- paper_search is the search indexer's alone: without the foreign key, indexing a paper takes no lock on its paper
-- row (the FK check's KEY SHARE lock waited for the batch writer, which waited for the indexer's queue rows: the
-- 40P01 deadlocks of `rebuild`). The writer queues removed papers too, and the indexer drops their vectors.
ALTER TABLE paper_search DROP CONSTRAINT paper_search_paper_id_fkey;
