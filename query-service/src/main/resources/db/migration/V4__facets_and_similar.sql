-- Issue 14: facet counts and similar papers.

-- Papers per source, as deltas per counter shard like theme_combo (the papers.enriched partition the records came
-- from: no row that every writer updates); readers sum the shards. The unfiltered source facet reads this table
-- instead of grouping a million papers. Papers without a source are not counted here.
CREATE TABLE source_count (
    source text COLLATE "C" NOT NULL,
    shard  integer          NOT NULL,
    papers bigint           NOT NULL,
    PRIMARY KEY (source, shard)
);
INSERT INTO source_count (source, shard, papers)
SELECT source, 0, count(*) FROM paper WHERE source IS NOT NULL GROUP BY source;

-- the source before the last update, set by the upsert like previous_theme_mask: the writer moves a paper's count
-- from its old source to its new one in the same transaction (NULL after an insert; meaningful only on an update)
ALTER TABLE paper ADD COLUMN previous_source text COLLATE "C";

-- Document frequencies of the full-text lexemes (how many papers' vectors hold each), for the idf weights of
-- GET /papers/{id}/similar. Recounted as a whole in the background from paper_search (ts_stat), never by the batch
-- writers or the search indexer: no row that parallel writers would update. Between recounts a term is as rare as
-- it was at the last one; a term seen since counts as found in one paper.
CREATE TABLE term_df (
    term text COLLATE "C" PRIMARY KEY,
    docs integer          NOT NULL
);

-- One row, written only by the recount (one instance at a time): how many papers the counts are out of.
CREATE TABLE term_df_state (
    id         smallint PRIMARY KEY CHECK (id = 1),
    papers     bigint      NOT NULL,
    counted_at timestamptz
);
INSERT INTO term_df_state (id, papers) VALUES (1, 0);
