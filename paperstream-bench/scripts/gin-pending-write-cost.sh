#!/bin/bash
# Write cost of the search index's pending-list setting (V10, gin_pending_list_limit) on a catalog: 5,000 vectors
# (copies of existing ones) inserted as 25 statements of 200 in one session, then the pending list merged, so each
# setting pays its whole index work; the backend's CPU (schedstat, read by the superuser) and wall time; two
# alternated rounds. The copies are deleted after each run. Usage: PORT=55432 gin-pending-write-cost.sh
PSQL="/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p ${PORT:-55432} -U postgres -d paperstream -At"
run() { # $1 label, $2 reloptions
  $PSQL -c "ALTER INDEX paper_search_bucket_idx SET ($2)" >/dev/null
  $PSQL -c "select gin_clean_pending_list('paper_search_bucket_idx')" > /dev/null
  out=$($PSQL <<SQL
select split_part(pg_read_file('/proc/' || pg_backend_pid() || '/schedstat'), ' ', 1)::bigint as cpu0 \gset
select clock_timestamp() as t0 \gset
DO \$\$ BEGIN FOR i IN 0..24 LOOP
  INSERT INTO paper_search (paper_id, recency_bucket, search)
  SELECT 'ab-' || s.paper_id, paper_search_bucket(now()), s.search FROM paper_search s
  WHERE s.paper_id > md5(i::text || '$1') ORDER BY s.paper_id LIMIT 200 ON CONFLICT DO NOTHING;
END LOOP; END \$\$;
select gin_clean_pending_list('paper_search_bucket_idx') \gset
select split_part(pg_read_file('/proc/' || pg_backend_pid() || '/schedstat'), ' ', 1)::bigint as cpu1 \gset
select round(extract(epoch from clock_timestamp() - :'t0') * 1000) || ' ms wall, ' || round((:cpu1 - :cpu0) / 1e6) || ' ms CPU';
SQL
)
  echo "$1 ($2): $out"
  $PSQL -c "DELETE FROM paper_search WHERE paper_id LIKE 'ab-%'" > /dev/null
}
for round in 1 2; do
  run default "fastupdate = on, gin_pending_list_limit = 4096"
  run limit256 "fastupdate = on, gin_pending_list_limit = 256"
  run limit1024 "fastupdate = on, gin_pending_list_limit = 1024"
  run off "fastupdate = off"
done
# back to V10's setting (quarkus.flyway.placeholders.searchPendingListKb)
$PSQL -c "ALTER INDEX paper_search_bucket_idx SET (fastupdate = on, gin_pending_list_limit = ${RESTORE_KB:-1024})" > /dev/null
