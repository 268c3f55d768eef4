-- The catalog at a million papers (issue 14).

-- Search is written by the batch writer in the batch's own transaction (CatalogWriter.WRITE_SEARCH_VECTORS); the
-- queue keeps only papers whose text PostgreSQL refused there (or that a pre-V5 instance queued), and when each was
-- queued, so /stats can show how far search is behind the list (searchLagMs). now() is not volatile: the column
-- is added without rewriting the table.
ALTER TABLE search_queue ADD COLUMN queued_at timestamptz NOT NULL DEFAULT now();
