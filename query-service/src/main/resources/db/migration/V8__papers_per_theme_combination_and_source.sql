-- Issue 14: facets at a million papers. Papers per (theme combination, source), as deltas per counter shard like
-- theme_combo (the papers.enriched partition the records came from: parallel writers never update one row; readers
-- sum the shards, a single shard may go negative). Summing its rows answers both facets of any listing filtered
-- only by themes (all/any), minRelated (a function of the combination) and source, without reading a paper: the
-- source facet of theme=efficiency grouped ~270,000 paper rows at 1M (189k buffers, 0.5-0.9 s). Papers without a
-- source are not counted here (theme_combo counts them).
CREATE TABLE theme_combo_source (
    mask   bytea            NOT NULL,
    source text COLLATE "C" NOT NULL,
    shard  integer          NOT NULL,
    papers bigint           NOT NULL,
    PRIMARY KEY (mask, source, shard)
);
INSERT INTO theme_combo_source (mask, source, shard, papers)
SELECT theme_mask, source, 0, count(*) FROM paper WHERE source IS NOT NULL GROUP BY theme_mask, source;

-- It replaces source_count (V4): papers per source are its sums over the combinations, so the writer keeps one
-- counter instead of two. An instance of an earlier version still writing source_count fails its batch (retried,
-- then its channel stops): upgrade every instance together.
DROP TABLE source_count;
