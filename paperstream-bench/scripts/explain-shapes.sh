#!/usr/bin/env bash
# EXPLAIN (ANALYZE, BUFFERS) of each read shape as PaperQueryBuilder / CatalogReader write them, values from the catalog
cd "$(dirname "$0")/../.."
export PGPASSWORD=$(cat var/postgres/superuser.password)
P="psql -h 127.0.0.1 -p ${PAPERSTREAM_POSTGRES_PORT:-15432} -U postgres -d paperstream -At"
T1=$($P -c "select slug from paper_theme group by slug order by count(*) desc limit 1 offset 0")
T2=$($P -c "select slug from paper_theme group by slug order by count(*) desc limit 1 offset 1")
T3=$($P -c "select slug from paper_theme group by slug order by count(*) desc limit 1 offset 2")
ID=$($P -c "select id from paper order by ingested_at limit 1 offset (select count(*)/2 from paper)")
IFS='|' read MID_T MID_ID <<<"$($P -c "select ingested_at, id from paper where id='$ID'")"
RANGE=$($P -c "select min(ingested_at) + (max(ingested_at)-min(ingested_at))*0.45 from paper")
RANGE2=$($P -c "select min(ingested_at) + (max(ingested_at)-min(ingested_at))*0.55 from paper")
MASK=$($P -c "select encode(theme_mask,'hex') from paper where id='$ID'")
SEL="SELECT p.id, p.ingested_at, left(p.title, 200)"
declare -A Q
Q[list]="$SEL FROM paper p ORDER BY p.ingested_at DESC, p.id DESC LIMIT 21"
Q[theme_one]="$SEL FROM paper_theme d JOIN paper p ON p.id = d.paper_id WHERE d.slug = '$T2' ORDER BY d.ingested_at DESC, d.paper_id DESC LIMIT 21"
Q[themes_all]="$SEL FROM paper_theme d JOIN paper p ON p.id = d.paper_id WHERE d.slug = '$T1' AND EXISTS (SELECT 1 FROM paper_theme t WHERE t.paper_id = p.id AND t.slug = '$T3') ORDER BY d.ingested_at DESC, d.paper_id DESC LIMIT 21"
Q[themes_any]="$SEL FROM paper p WHERE EXISTS (SELECT 1 FROM paper_theme t WHERE t.paper_id = p.id AND t.slug = ANY('{$T1,$T2,$T3}'::text[])) ORDER BY p.ingested_at DESC, p.id DESC LIMIT 21"
for w in ${WORDS:-learning quantization}; do
Q[search_relevance_$w]="$SEL, ts_rank_cd(s.search, q.query) AS rank FROM paper p JOIN paper_search s ON s.paper_id = p.id CROSS JOIN websearch_to_tsquery('english', '$w') AS q(query) WHERE s.search @@ q.query ORDER BY rank DESC, p.id LIMIT 21"
Q[search_recent_$w]="$SEL FROM paper p JOIN paper_search s ON s.paper_id = p.id CROSS JOIN websearch_to_tsquery('english', '$w') AS q(query) WHERE s.search @@ q.query ORDER BY p.ingested_at DESC, p.id DESC LIMIT 21"
Q[search_count_$w]="SELECT count(*) FROM (SELECT 1 FROM paper_search s CROSS JOIN websearch_to_tsquery('english', '$w') AS q(query) WHERE s.search @@ q.query LIMIT 1001) AS matching"
done
Q[min_related]="$SEL FROM paper p WHERE p.theme_mask = ANY(ARRAY(SELECT DISTINCT mask FROM theme_combo WHERE mask <> ''::bytea LIMIT 40)) ORDER BY p.ingested_at DESC, p.id DESC LIMIT 21"
Q[min_related_count]="SELECT count(*) FROM (SELECT 1 FROM paper p WHERE p.theme_mask = ANY(ARRAY(SELECT DISTINCT mask FROM theme_combo WHERE mask <> ''::bytea LIMIT 40)) LIMIT 1001) m"
Q[date_range]="$SEL FROM paper p WHERE p.ingested_at >= '$RANGE' AND p.ingested_at < '$RANGE2' ORDER BY p.ingested_at DESC, p.id DESC LIMIT 21"
Q[date_range_count]="SELECT count(*) FROM (SELECT 1 FROM paper p WHERE p.ingested_at >= '$RANGE' AND p.ingested_at < '$RANGE2' LIMIT 1001) m"
Q[deep_cursor]="$SEL FROM paper p WHERE (p.ingested_at, p.id) < ('$MID_T', '$MID_ID') ORDER BY p.ingested_at DESC, p.id DESC LIMIT 21"
Q[paper]="SELECT * FROM paper WHERE id = '$ID'"
Q[related]="SELECT id FROM paper WHERE theme_mask = ANY(ARRAY['\\x$MASK'::bytea]) AND id <> '$ID' ORDER BY ingested_at DESC, id DESC LIMIT 20"
Q[list_item_themes]="SELECT t.paper_id, t.slug, t.score FROM paper_theme t WHERE t.paper_id = ANY(ARRAY(SELECT id FROM paper ORDER BY ingested_at DESC LIMIT 20)) ORDER BY t.score DESC, t.slug"
echo "# $(date -u) papers=$($P -c 'select count(*) from paper') themes $T1 $T2 $T3"
for k in $(echo "${!Q[@]}" | tr ' ' '\n' | sort); do
  echo "## $k"
  $P -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) ${Q[$k]}" | grep -v "^$" | head -${LINES_PER:-14}
done
