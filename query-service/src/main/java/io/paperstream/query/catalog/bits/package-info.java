/** The theme bit masks stored on papers and theme combinations, shared by the writer and the reader. */
package io.paperstream.query.catalog.bits;
