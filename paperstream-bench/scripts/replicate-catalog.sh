#!/usr/bin/env bash
# Replicates the pipeline-written papers k = FROM..TO times (ids id||'r'||k, ingested k minutes earlier), with their
# themes, vectors and combination counts (shard 99), in one transaction per call. NOT the pipeline: a way to get a
# big catalog for EXPLAIN and read latencies when the pipeline cannot load one in time.
set -e
cd "$(dirname "$0")/../.."
export PGPASSWORD=$(cat var/postgres/superuser.password)
psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p ${PAPERSTREAM_POSTGRES_PORT:-15432} -U postgres -d paperstream <<SQL
BEGIN;
CREATE TEMP TABLE base ON COMMIT DROP AS SELECT * FROM paper WHERE id NOT LIKE '%r%';
INSERT INTO paper (id, title, summary, source, digest_id, line, related, ingested_at, enriched_at, taxonomy_version, theme_mask)
SELECT p.id || 'r' || k, p.title || ' (replica ' || k || ')', p.summary, p.source, p.digest_id, p.line, p.related,
       p.ingested_at - make_interval(mins => k), p.enriched_at, p.taxonomy_version, p.theme_mask
FROM base p CROSS JOIN generate_series($1, $2) AS k;
INSERT INTO paper_theme (paper_id, slug, score, matched, ingested_at)
SELECT t.paper_id || 'r' || k, t.slug, t.score, t.matched, t.ingested_at - make_interval(mins => k)
FROM paper_theme t JOIN base b ON b.id = t.paper_id CROSS JOIN generate_series($1, $2) AS k;
INSERT INTO paper_search (paper_id, recency_bucket, search)
SELECT s.paper_id || 'r' || k, paper_search_bucket(b.ingested_at - make_interval(mins => k)), s.search
FROM paper_search s JOIN base b ON b.id = s.paper_id CROSS JOIN generate_series($1, $2) AS k;
INSERT INTO theme_combo AS c (mask, shard, papers)
SELECT theme_mask, 99, count(*) * ($2 - $1 + 1) FROM base GROUP BY theme_mask
ON CONFLICT (mask, shard) DO UPDATE SET papers = c.papers + EXCLUDED.papers;
UPDATE catalog_version SET version = version + 1 WHERE shard = -1;
COMMIT;
SQL
