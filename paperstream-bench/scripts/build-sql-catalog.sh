#!/usr/bin/env bash
# Builds a catalog of VARIANTS x 100,000 papers directly by SQL into an EMPTY database that query-service's
# migrations (V1..) have been applied to: the real abstracts of ../shared/data/arxiv-abstracts-100k.txt.gz, variant
# k >= 1 with " (variant k)" appended to the title (as `bench --catalog` names them), one paper every 100 ms in
# file order then variant order, ids = md5 (random order, as ingest's), 5 sources, themes given by one text query
# per taxonomy slug (NOT the enrich tagger: a stand-in with realistic theme sizes), vectors as the writer computes
# them (title A, summary B; a variant's suffix added to its base vector). NOT the pipeline: a catalog at size for
# EXPLAIN and read latencies on a machine that cannot load a million papers through Kafka in the time.
# Usage: PGHOST=127.0.0.1 PGPORT=... PGUSER=... PGDATABASE=... build-sql-catalog.sh [VARIANTS] [CORPUS]
set -euo pipefail
variants=${1:-10}
corpus=${2:-$(dirname "$0")/../../../shared/data/arxiv-abstracts-100k.txt.gz}
psql -q -v ON_ERROR_STOP=1 -c "CREATE UNLOGGED TABLE IF NOT EXISTS corpus (n integer PRIMARY KEY, title text, summary text)" \
     -c "TRUNCATE corpus"
# title line, abstract line; COPY text format: backslashes doubled, tabs made spaces
zcat "$corpus" | awk '{ gsub(/\t/, " "); gsub(/\\/, "&&") } NR % 2 == 1 { t = $0; next } { print (NR / 2) "\t" t "\t" $0 }' \
    | psql -q -v ON_ERROR_STOP=1 -c "COPY corpus (n, title, summary) FROM STDIN"
psql -q -v ON_ERROR_STOP=1 -v variants="$variants" <<'SQL'
\timing on
DROP TABLE IF EXISTS papers, base_mask, base_theme, base;
CREATE TEMP TABLE rule (slug text, bit int, query tsquery);
INSERT INTO rule VALUES
 ('model-collapse', 0, to_tsquery('english', 'collapse')),
 ('reinforcement-learning', 1, to_tsquery('english', 'reinforcement <-> learning | RL')),
 ('reward-modeling', 2, to_tsquery('english', 'reward <-> model')),
 ('llm-agents', 3, to_tsquery('english', 'agent & (LLM | language)')),
 ('multi-agent-systems', 4, to_tsquery('english', 'multi <-> agent | multiagent')),
 ('tool-use', 5, to_tsquery('english', 'tool')),
 ('evaluation-benchmarks', 6, to_tsquery('english', 'benchmark')),
 ('reasoning', 7, to_tsquery('english', 'reasoning')),
 ('distillation', 8, to_tsquery('english', 'distillation')),
 ('model-merging', 9, to_tsquery('english', 'merging')),
 ('multilingual', 10, to_tsquery('english', 'multilingual')),
 ('causal-inference', 11, to_tsquery('english', 'causal')),
 ('alignment-safety', 12, to_tsquery('english', 'alignment | safety')),
 ('retrieval-augmentation', 13, to_tsquery('english', 'retrieval')),
 ('knowledge-graphs', 14, to_tsquery('english', 'knowledge <-> graph')),
 ('synthetic-data', 15, to_tsquery('english', 'synthetic <-> data')),
 ('efficiency', 16, to_tsquery('english', 'efficiency | quantization | pruning')),
 ('multimodal', 17, to_tsquery('english', 'multimodal')),
 ('interpretability', 18, to_tsquery('english', 'interpretability')),
 ('uncertainty-calibration', 19, to_tsquery('english', 'uncertainty | calibration')),
 ('code-generation', 20, to_tsquery('english', 'code <-> generation')),
 ('dialogue', 21, to_tsquery('english', 'dialogue')),
 ('robotics-embodied', 22, to_tsquery('english', 'robot | embodied')),
 ('computer-vision', 23, to_tsquery('english', 'image | vision'));
INSERT INTO theme (slug, label, position, bit, defined, taxonomy_version)
SELECT slug, initcap(replace(slug, '-', ' ')), bit, bit, true, 'sql-catalog' FROM rule
ON CONFLICT (slug) DO NOTHING;
-- the base texts' vectors and themes, once
CREATE UNLOGGED TABLE base AS
SELECT c.n, c.title, c.summary,
       setweight(to_tsvector('english', c.title), 'A') || setweight(to_tsvector('english', c.summary), 'B') AS search
FROM corpus c;
CREATE UNLOGGED TABLE base_theme AS
SELECT b.n, r.slug, r.bit, 0.5 + 0.5 * ts_rank(b.search, r.query) AS score
FROM base b JOIN rule r ON b.search @@ r.query;
CREATE UNLOGGED TABLE base_mask AS
SELECT b.n, coalesce(bit_or(1::bigint << t.bit), 0) AS mask FROM base b LEFT JOIN base_theme t ON t.n = b.n GROUP BY b.n;
-- the mask as the catalog stores it: little-endian bytes without trailing zero bytes (V3)
CREATE FUNCTION pg_temp.mask_bytes(mask bigint) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT coalesce(string_agg(set_byte('\x00'::bytea, 0, ((mask >> (8 * i)) & 255)::int), ''::bytea ORDER BY i),
                    ''::bytea)
    FROM generate_series(0, 7) AS i
    WHERE i <= (SELECT max(j) FROM generate_series(0, 7) AS j WHERE (mask >> (8 * j)) & 255 <> 0)
$$;
CREATE UNLOGGED TABLE papers AS
SELECT md5(b.n || '/' || k) AS id, b.n, k,
       CASE WHEN k = 0 THEN b.title ELSE b.title || ' (variant ' || k || ')' END AS title,
       timestamptz '2026-01-01 00:00:00+00' + make_interval(secs => (k * 100000 + b.n) / 10.0) AS ingested_at,
       pg_temp.mask_bytes(m.mask) AS mask
FROM base b JOIN base_mask m ON m.n = b.n CROSS JOIN generate_series(0, :variants - 1) AS k;
INSERT INTO paper (id, title, summary, source, digest_id, line, related, ingested_at, enriched_at, taxonomy_version,
                   theme_mask)
SELECT p.id, p.title, b.summary, (ARRAY['arxiv cs.CL', 'arxiv cs.LG', 'arxiv cs.AI', 'arxiv cs.CV', 'arxiv stat.ML'])[1 + p.n % 5],
       'sql-catalog-' || p.k, p.n, '{}', p.ingested_at, p.ingested_at, 'sql-catalog', p.mask
FROM papers p JOIN base b ON b.n = p.n ORDER BY p.ingested_at;
INSERT INTO paper_theme (paper_id, slug, score, matched, ingested_at)
SELECT p.id, t.slug, t.score, jsonb_build_array(t.slug), p.ingested_at
FROM papers p JOIN base_theme t ON t.n = p.n ORDER BY p.ingested_at;
INSERT INTO paper_search (paper_id, recency_bucket, search)
SELECT p.id, paper_search_bucket(p.ingested_at), CASE WHEN p.k = 0 THEN b.search
                  ELSE b.search || setweight(to_tsvector('english', ' (variant ' || p.k || ')'), 'A') END
FROM papers p JOIN base b ON b.n = p.n ORDER BY p.ingested_at;
INSERT INTO theme_combo (mask, shard, papers) SELECT theme_mask, 0, count(*) FROM paper GROUP BY theme_mask;
INSERT INTO theme_combo_source (mask, source, shard, papers)
SELECT theme_mask, source, 0, count(*) FROM paper WHERE source IS NOT NULL GROUP BY theme_mask, source;
UPDATE catalog_version SET version = version + 1, last_materialized_at = now() WHERE shard = -1;
DROP TABLE papers, base_mask, base_theme, base, corpus;
VACUUM ANALYZE;
SQL
