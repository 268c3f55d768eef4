-- Searches under load (issue 14): a mid-frequency search's page 1 sent ~11 statements, and on a 2-core machine
-- running the whole pipeline every round trip waits for both the service's thread and the backend to be scheduled
-- again (query README, "Relevance under writes"). Two of them become one each here.

-- The planner's estimate of the papers a text query matches and paper_search's reltuples as last analyzed (0: never
-- analyzed, or empty): SearchPages' plan choice, in one statement instead of an EXPLAIN and a pg_class read. The query
-- is a literal in the explained statement, so the estimate is the one a custom plan of that text gets (from the
-- lexemes' frequencies), never a generic plan's default. VOLATILE: PostgreSQL runs no EXPLAIN in a function declared
-- otherwise.
CREATE FUNCTION paper_search_estimate(text_query tsquery, OUT matches double precision, OUT papers double precision)
    LANGUAGE plpgsql VOLATILE
    AS $$
DECLARE
    plan json;
BEGIN
    SELECT greatest(reltuples, 0) INTO papers FROM pg_class WHERE oid = 'paper_search'::regclass;
    EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM paper_search s WHERE s.search @@ %L::tsquery', text_query)
        INTO plan;
    matches := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::double precision;
END
$$;

-- The matches of a text query counted up to cap, always through the GIN index: a word the statistics put at a few
-- percent (or any word in a generic plan, where the query is a parameter) made the planner bet on a sequential scan
-- that meets cap matches early; for a word in ~0.3 % of a million papers it read 15k-24k buffers (~40 ms) instead of
-- the word's postings and cap heap rows (~300-400). The setting holds for this function's statement only (a
-- function with SET is never inlined), so no SET LOCAL round trips around it.
CREATE FUNCTION paper_search_matches(text_query tsquery, cap integer) RETURNS bigint
    LANGUAGE sql STABLE
    SET enable_seqscan = off
    AS $$ SELECT count(*) FROM (SELECT 1 FROM paper_search s WHERE s.search @@ text_query LIMIT cap) AS matching $$;
