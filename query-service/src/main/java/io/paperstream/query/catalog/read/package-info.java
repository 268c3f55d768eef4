/** Reading the catalog: the reader, its snapshot of themes, the listing query builder and page cursors. */
package io.paperstream.query.catalog.read;
