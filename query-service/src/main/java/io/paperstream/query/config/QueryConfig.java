package io.paperstream.query.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/** Limits of the catalog API and of the live theme streams ({@code paperstream.query.*}). */
@ConfigMapping(prefix = "paperstream.query")
public interface QueryConfig {

    /** Consumer group of the papers.enriched channel; also the group whose lag {@code /stats} reports. */
    String consumerGroup();

    Page page();

    Related related();

    Facets facets();

    Similar similar();

    Themes themes();

    Search search();

    Stream stream();

    Lag lag();

    Materializer materializer();

    Enriched enriched();

    /**
     * {@code Retry-After} of a 503 answered when the catalog database is out of reach or every connection of the
     * pool stayed busy past {@code quarkus.datasource.jdbc.acquisition-timeout}.
     */
    Duration databaseRetryAfter();

    interface Page {

        int defaultLimit();

        int maxLimit();

        /**
         * {@code total} of a listing filtered by text, source or dates is counted up to this many rows and
         * reported as a lower bound ({@code totalExact=false}) beyond it; theme-only listings are always exact.
         */
        int countLimit();

        /**
         * Bytes of JSON a page's items may take (listings and related papers): a page ends early, with a
         * nextCursor, before the item that would pass it; its first item always fits (see {@link #itemSummaryLength}).
         */
        int maxBytes();

        /** Characters of a summary a list item carries; GET /papers/{id} has the whole summary. */
        int itemSummaryLength();

        /** Related kinds a list item carries (those with the largest counts). */
        int itemRelatedKinds();

        /** Matched taxonomy terms a list item carries per theme. */
        int itemMatchedTerms();
    }

    /** How many themes the catalog tracks ({@code paperstream.query.themes.*}). */
    interface Themes {

        /**
         * Bits a paper's theme mask may use: one per theme, given for good. A theme beyond them is still listed,
         * filtered and counted (from paper_theme), but relatedPapers ignores it. At most 16,000.
         */
        int maxBits();

        /**
         * Theme rows for slugs seen on papers but not defined by taxonomy.themes. Beyond them, a paper's unknown
         * slug is not stored (the paper is), so made-up slugs cannot grow the theme table or the masks.
         */
        int maxUndefined();
    }

    /** {@code facets=} of GET /papers ({@code paperstream.query.facets.*}). */
    interface Facets {

        /** Values listed per facet (largest counts first): sources are as many as digests name. */
        int maxValues();

        /**
         * Matching papers a facet aggregate reads at most, for the filters the counters cannot answer (q, dates):
         * up to this many the facets are exact, beyond they count the first count-limit + 1 matches read
         * ({@code facetsExact: false}, {@code facetsCounted}).
         */
        int countLimit();
    }

    /** GET /papers/{id}/similar ({@code paperstream.query.similar.*}). */
    interface Similar {

        int defaultLimit();

        int maxLimit();

        /**
         * The paper's rarest terms that look for candidates in the full-text index (a candidate shares at least
         * one of them); each candidate is then scored over all the terms the two papers share.
         */
        int queryTerms();

        /**
         * Bound of the candidates read: the query terms are taken rarest first while the papers holding them (their
         * document frequencies) add up to at most this many, so a paper made of common words cannot make a request
         * read a large part of the index. The rarest term is always taken.
         */
        int candidatePostings();

        /**
         * The next rarest terms after the query terms, which find candidates in pairs (a candidate holds at least two
         * of them): at most this many (none below two).
         */
        int pairedTerms();

        /**
         * Bound of the index entries the pairs read: paired terms are taken rarest first while their document
         * frequencies add up to at most this many. Only papers holding two of them are read from the table.
         */
        int pairedPostings();

        /**
         * Candidates rescored exactly from their vectors beyond the items asked for: candidates are ranked by their
         * term hashes, where a (rare) hash collision can only raise a candidate; the best limit + this many are
         * rescored over their lexemes and the best limit of those returned.
         */
        int rescoredExtra();

        /** Shared terms an item lists (those with the largest idf). */
        int sharedTerms();

        /** How often the document frequencies are looked at; recounted when the indexed papers changed. */
        Duration dfRefreshInterval();

        /**
         * Recounted when the indexed papers moved by more than this share of the last count's (0: any change). A
         * catalog that grows evenly shifts every idf by the same amount, which hardly moves a ranking, while each
         * recount reads every vector.
         */
        double dfRecountGrowth();

        /** Recounted after this long even when the number of indexed papers stayed the same (new versions). */
        Duration dfMaxAge();

        /** The recount's transaction timeout: it reads every vector (tens of seconds at a million papers). */
        Duration dfRecountTimeout();
    }

    interface Related {

        int defaultLimit();

        int maxLimit();
    }

    interface Search {

        /** Longest {@code q} accepted, in characters. */
        int maxQueryLength();

        /**
         * A search word in less than common-share of the papers whose matches are at most this many reads them all
         * through the GIN index and sorts them in memory (exact for every sort, relevance ranks them all); more are
         * read bucket by bucket (newest first, relevance) or walked (title, related).
         */
        int fewMatches();

        /**
         * A search word below common-share that the planner's statistics (its own frequency, not the default for an
         * unknown word) put in more than this many papers is read bucket by
         * bucket without counting its matches first (the count cost about as much as the page: up to ~18 ms of
         * PostgreSQL CPU at 1M papers); at most this many, it is counted to few-matches + 1 as before. Well above
         * few-matches, so that a word with few matches is never taken for one with many.
         */
        long countBelowEstimate();

        /**
         * How many of the newest matches (of the listing's filters) sort=relevance ranks, best first, when the word
         * has more than few-matches matches.
         */
        int relevanceCandidates();

        /**
         * A search word the planner's statistics put in at least this share of the papers (0..1) walks the recency
         * index newest first (about page / share rows) without counting its matches.
         */
        double commonShare();

        /**
         * Whether this instance runs the search indexer (one per catalog is enough; several share the work
         * safely).
         */
        boolean indexEnabled();

        /** Papers whose full-text vector the search indexer computes per transaction. */
        int indexChunkSize();

        /** Papers indexed since the last ANALYZE of the catalog tables that make the caught-up indexer run one. */
        long analyzeAfter();

        /** How long the search indexer sleeps when it has caught up and nobody wakes it. */
        Duration indexIdleInterval();

        /**
         * How long a search indexer whose thread died (an Error such as OutOfMemoryError) stays down before it is
         * started again; health reports DOWN meanwhile.
         */
        Duration indexRestartDelay();
    }

    interface Stream {

        /** Open theme streams, all clients together; one more gets 503. */
        int maxSubscribers();

        /** Open theme streams per client address; one more gets 429. */
        int maxSubscribersPerClient();

        /** Events held for one subscriber that does not keep up; it is dropped when this overflows. */
        int bufferSize();

        /**
         * Bytes of events held for one subscriber that does not keep up (the socket's own buffers come on top); it
         * is disconnected when this overflows. Bounds the memory a stream can hold, whatever the papers' sizes.
         */
        int maxBacklogBytes();

        /**
         * A subscriber whose oldest held event (paper or keep-alive comment) could not be written for this long is
         * disconnected: it stopped reading, even on a theme too quiet to fill its buffer.
         */
        Duration writeTimeout();

        /**
         * SO_SNDBUF of the service's HTTP connections. Fixed rather than tuned by the kernel (up to 4 MiB per
         * connection on Linux), so that a client that stops reading fills it after little data and shows up in the
         * backlog bounds above, instead of holding its slot while the kernel absorbs megabytes of events.
         */
        MemorySize socketSendBuffer();

        /**
         * Events replayed after a Last-Event-ID in one connection; when more are due, the stream ends after
         * these and the client's reconnection (with the new Last-Event-ID) continues the replay.
         */
        int maxReplay();

        /** A comment line this often keeps idle connections open through proxies. */
        Duration heartbeatInterval();

        Feed feed();
    }

    /** The Kafka side of the theme streams: one feed consumer per instance, one catch-up consumer per resume. */
    interface Feed {

        /** Longest wait of one feed poll; subscribers joining or leaving wake it earlier. */
        Duration pollTimeout();

        /** fetch.max.wait.ms of the stream consumers: how long the broker may hold a fetch with nothing new. */
        Duration fetchMaxWait();

        /** How often the feed looks again at papers.enriched while streams are open: not there yet, or more partitions. */
        Duration topicRetryInterval();

        /** Bound of one broker call (offsets, metadata) of the stream consumers. */
        Duration brokerTimeout();

        /** A resumed stream that cannot read what it missed within this time fails (the client reconnects). */
        Duration catchUpTimeout();
    }

    /**
     * Bounds on the parts of a papers.enriched record that enrich adds (its paper fields are bounded by the shared
     * {@code paperstream.limits.*}); a record beyond them is dead-lettered.
     */
    interface Enriched {

        /** Theme tags on one paper. */
        int maxThemes();

        /** Characters of a theme slug. */
        int maxSlugLength();

        /** Characters of a theme label. */
        int maxLabelLength();

        /** Matched terms of one theme tag. */
        int maxMatchedTerms();

        /** Characters of one matched term. */
        int maxTermLength();
    }

    interface Lag {

        /** How often the consumer-lag gauge is refreshed from the broker. */
        Duration refreshInterval();

        /** How long {@code /stats} waits for the broker before it reports the lag as unknown. */
        Duration timeout();

        /**
         * A partition this few offsets behind is read to count its papers only (transaction markers take offsets);
         * a larger gap is reported as it is.
         */
        long exactBelow();
    }

    interface Materializer {

        /** Attempts at writing a batch when the database fails (not for bad records, which are dead-lettered). */
        int maxAttempts();

        /** Wait before the first retry; doubled at each further attempt. */
        Duration retryBackoff();
    }
}
