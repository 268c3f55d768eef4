#!/usr/bin/env bash
# A pipeline-like write load on a catalog (issue 14: reads "while papers stream in"), without the pipeline: every
# INTERVAL seconds one batch of BATCH new papers (copies of existing ones under new ids, ingested now) is written as
# query-service's writer does (paper, paper_theme, theme_combo and theme_combo_source deltas on a shard,
# catalog_version, search_queue) in one transaction, then the search indexer's statement (vectors into paper_search,
# in its chunk size) in another. BATCH=200 INTERVAL=0.5 is ~400 papers/s: 25 % of the e2e capacity measured at 1M
# (1,638 papers/s). Prints each batch's wall time. Runs until killed. Usage: PORT=55432 synthetic-writes.sh [BATCH] [INTERVAL]
PSQL=${PSQL:-/usr/lib/postgresql/15/bin/psql}
P="$PSQL -h 127.0.0.1 -p ${PORT:-55432} -U postgres -d paperstream -q -v ON_ERROR_STOP=1"
BATCH=${1:-200}
INTERVAL=${2:-0.5}
MAXSEQ=$($P -At -c "select max(materialized_seq) from paper")
# new papers continue the catalog's timeline (its newest paper + the time since this script started), as a stream
# right after a load does: a catalog built at other dates would otherwise leave a gap of months between its newest
# paper and these, which every rare word's newest-first read would cross
SHIFT=$($P -At -c "select (select max(ingested_at) from paper) - now() + interval '1 second'")
n=0
while true; do
  n=$((n + 1))
  from=$(( (RANDOM * 32768 + RANDOM) % (MAXSEQ - BATCH) ))
  shard=$((n % 4))
  started=$(date +%s%N)
  $P <<SQL
BEGIN;
CREATE TEMP TABLE batch ON COMMIT DROP AS
  SELECT p.id AS copy_of, 'synthetic-' || $$ || '-' || $n || '-' || row_number() OVER () AS id, p.title, p.summary,
         p.source, p.theme_mask, clock_timestamp() + interval '$SHIFT' AS ingested_at
  FROM paper p WHERE p.materialized_seq > $from ORDER BY p.materialized_seq LIMIT $BATCH;
INSERT INTO paper (id, title, summary, source, digest_id, line, related, ingested_at, enriched_at, taxonomy_version,
                   theme_mask)
  SELECT id, title, summary, source, 'synthetic', 0, '{}'::jsonb, ingested_at, ingested_at, 'synthetic', theme_mask
  FROM batch ORDER BY id;
INSERT INTO paper_theme (paper_id, slug, score, matched, ingested_at)
  SELECT b.id, t.slug, t.score, t.matched, b.ingested_at FROM batch b JOIN paper_theme t ON t.paper_id = b.copy_of
  ORDER BY b.id, t.slug;
INSERT INTO theme_combo AS c (mask, shard, papers)
  SELECT theme_mask, $shard, count(*) FROM batch GROUP BY theme_mask ORDER BY theme_mask
  ON CONFLICT (mask, shard) DO UPDATE SET papers = c.papers + EXCLUDED.papers;
INSERT INTO theme_combo_source AS c (mask, source, shard, papers)
  SELECT theme_mask, source, $shard, count(*) FROM batch WHERE source IS NOT NULL GROUP BY theme_mask, source
  ORDER BY theme_mask, source COLLATE "C"
  ON CONFLICT (mask, source, shard) DO UPDATE SET papers = c.papers + EXCLUDED.papers;
INSERT INTO catalog_version AS v (shard, version, last_materialized_at) VALUES ($shard, 1, clock_timestamp() + interval '$SHIFT')
  ON CONFLICT (shard) DO UPDATE SET version = v.version + 1, last_materialized_at = EXCLUDED.last_materialized_at;
INSERT INTO search_queue (paper_id) SELECT id FROM batch ORDER BY id;
COMMIT;
WITH taken AS (
    DELETE FROM search_queue WHERE paper_id IN (
        SELECT paper_id FROM search_queue ORDER BY paper_id LIMIT 500 FOR UPDATE SKIP LOCKED)
    RETURNING paper_id)
INSERT INTO paper_search AS s (paper_id, recency_bucket, search)
  SELECT p.id, paper_search_bucket(p.ingested_at),
         setweight(to_tsvector('english', p.title), 'A') || setweight(to_tsvector('english', p.summary), 'B')
  FROM paper p JOIN taken t ON t.paper_id = p.id ORDER BY p.id
  ON CONFLICT (paper_id) DO UPDATE SET recency_bucket = EXCLUDED.recency_bucket, search = EXCLUDED.search;
SQL
  # the batch's wall time (both transactions), for the write cost of an index setting: one line a batch
  echo "batch $n $BATCH papers $(( ($(date +%s%N) - started) / 1000000 )) ms"
  sleep "$INTERVAL"
done
