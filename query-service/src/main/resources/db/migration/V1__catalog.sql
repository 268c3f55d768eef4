-- The catalog that query-service materializes from papers.enriched and taxonomy.themes.
-- Writes are set-based (INSERT ... ON CONFLICT over unnest arrays), reads go through the indexes below.
-- Ids, slugs and sources are compared byte-wise (COLLATE "C"): cheaper than a linguistic collation in every index
-- insert and lookup, and nothing sorts them for people; titles keep the database's collation for sort=title.

-- Every insert or update of a paper takes the next value: SSE event ids and Last-Event-ID resume.
CREATE SEQUENCE paper_materialized_seq;

-- Themes from taxonomy.themes, plus slugs seen on papers before (or without) their definition.
-- bit: the theme's position in paper.theme_mask, assigned once per slug and never reused.
CREATE TABLE theme (
    slug             text COLLATE "C" PRIMARY KEY,
    label            text     NOT NULL,
    description      text,
    position         integer,
    bit              smallint UNIQUE CHECK (bit BETWEEN 0 AND 63),
    defined          boolean  NOT NULL DEFAULT false,
    taxonomy_version text
);

CREATE TABLE paper (
    id                  text COLLATE "C" PRIMARY KEY,
    title               text        NOT NULL,
    summary             text        NOT NULL,
    source              text COLLATE "C",
    digest_id           text,
    line                integer     NOT NULL,
    related             jsonb       NOT NULL DEFAULT '{}',
    ingested_at         timestamptz NOT NULL,
    enriched_at         timestamptz NOT NULL,
    taxonomy_version    text,
    -- bit i set = the paper carries the theme whose theme.bit is i
    theme_mask          bigint      NOT NULL,
    -- the mask before the last update: lets the upsert's RETURNING report the transition atomically
    -- (PostgreSQL before 18 has no RETURNING OLD); NULL right after an insert
    previous_theme_mask bigint,
    materialized_seq    bigint      NOT NULL DEFAULT nextval('paper_materialized_seq'),
    materialized_at     timestamptz NOT NULL DEFAULT now()
);

-- sort=recent (and the keyset that pages it)
CREATE INDEX paper_recent_idx ON paper (ingested_at DESC, id DESC);
-- sort=title
CREATE INDEX paper_title_idx ON paper (title, id);
-- source filter, newest first
CREATE INDEX paper_source_recent_idx ON paper (source, ingested_at DESC, id DESC);
-- minRelated filter and /papers/{id}/related: papers by theme combination, newest first
CREATE INDEX paper_theme_mask_recent_idx ON paper (theme_mask, ingested_at DESC, id DESC);
-- SSE replay after a Last-Event-ID
CREATE UNIQUE INDEX paper_materialized_seq_idx ON paper (materialized_seq);

-- no foreign key to paper: checking one per row would cost a third of the batch insert; the writer deletes a
-- paper's themes itself whenever it replaces or removes the paper
CREATE TABLE paper_theme (
    paper_id    text COLLATE "C" NOT NULL,
    slug        text COLLATE "C" NOT NULL,
    score       double precision NOT NULL,
    matched     jsonb            NOT NULL DEFAULT '[]',
    -- copy of paper.ingested_at: a theme page newest-first is one range scan of the index below
    ingested_at timestamptz      NOT NULL,
    PRIMARY KEY (paper_id, slug)
);
-- lookups by slug: (slug) leads, paper_id closes it, in the order a theme page is read
CREATE INDEX paper_theme_slug_recent_idx ON paper_theme (slug, ingested_at DESC, paper_id DESC);

-- Full-text vectors: setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary),
-- 'B'). Computed by the search indexer shortly after a paper (or a new version) lands, not in the upsert: PostgreSQL's
-- text parser would otherwise cap writes at ~3k papers/s on two cores. A new version keeps its old vector until the
-- indexer has replaced it.
CREATE TABLE paper_search (
    paper_id text COLLATE "C" PRIMARY KEY REFERENCES paper (id) ON DELETE CASCADE,
    search   tsvector NOT NULL
);
CREATE INDEX paper_search_idx ON paper_search USING gin (search);

-- The search indexer's queue: papers whose vector is missing or stale (empty once it has caught up).
CREATE TABLE search_queue (
    paper_id text COLLATE "C" PRIMARY KEY
);

-- How many papers carry exactly each theme combination, kept in the upsert's transaction.
-- relatedPapers(p) = sum(papers of combos sharing a bit with p's mask) - 1: a small-table computation.
CREATE TABLE theme_combo (
    mask   bigint PRIMARY KEY,
    papers bigint NOT NULL
);

-- One row: bumped by every transaction that changes the catalog, so readers can cache what depends on it.
CREATE TABLE catalog_state (
    id                   smallint PRIMARY KEY CHECK (id = 1),
    version              bigint   NOT NULL,
    last_materialized_at timestamptz
);
INSERT INTO catalog_state (id, version) VALUES (1, 0);
