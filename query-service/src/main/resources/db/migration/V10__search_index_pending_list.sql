-- Searches while papers stream in (issue 14): GIN's fast update queues new entries in a pending list (default 4 MB,
-- ~500 pages, ~1,250 papers' vectors) that every scan of the index reads whole, once per key: a bucket window lists
-- its buckets (= ANY), and PostgreSQL runs one index scan per listed bucket, so a search read ~500 pages per bucket
-- listed under writes (1M papers, ~280 papers/s: 3k-26k buffers a request instead of 0.5k-2.5k idle). A smaller
-- list bounds that to ${searchPendingListKb} kB a key, paid for by more frequent, smaller merges into the index when
-- papers are written (measured in the query README: "Searches while papers stream in"). A storage parameter: no
-- rewrite, no rebuild; the list as it stands is merged by the next insert that finds it over the limit.
ALTER INDEX paper_search_bucket_idx SET (gin_pending_list_limit = ${searchPendingListKb});
