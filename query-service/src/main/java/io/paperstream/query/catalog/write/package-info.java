/** Writing the catalog: the batch materializer of papers.enriched and taxonomy.themes, and the search indexer. */
package io.paperstream.query.catalog.write;
