-- Searches under load (issue 14): a mid-frequency search's page 1 sent ~11 statements, and on a 2-core machine
-- running the whole pipeline every round trip waits for both the service's thread and the backend to be scheduled
-- again (query README, "Relevance under writes"). Two of them become one each here.

-- The planner's estimate of the papers a text query matches, paper_search's reltuples as last analyzed (0: never
-- analyzed, or empty) and the fewest papers the statistics know a lexeme by (its most common lexemes' least frequency
-- times reltuples; 0 without statistics): below that, a lexeme's estimate is the planner's default for any word it
-- has no statistics for (half of that), the same for a word in 18 papers and one in 5,000. SearchPages' plan choice,
-- in one statement instead of an EXPLAIN and a pg_class read. The query is a literal in the explained statement, so
-- the estimate is the one a custom plan of that text gets, never a generic plan's default. VOLATILE: PostgreSQL
-- runs no EXPLAIN in a function declared otherwise.
CREATE FUNCTION paper_search_estimate(text_query tsquery, OUT matches double precision, OUT papers double precision,
                                      OUT least_known double precision)
    LANGUAGE plpgsql VOLATILE
    AS $$
DECLARE
    plan json;
BEGIN
    SELECT greatest(c.reltuples, 0),
           coalesce(greatest(c.reltuples, 0) * s.most_common_elem_freqs[array_length(s.most_common_elems, 1) + 1], 0)
    INTO papers, least_known
    FROM pg_class c
    LEFT JOIN pg_stats s ON s.schemaname = c.relnamespace::regnamespace::text AND s.tablename = c.relname
                        AND s.attname = 'search'
    WHERE c.oid = 'paper_search'::regclass;
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
