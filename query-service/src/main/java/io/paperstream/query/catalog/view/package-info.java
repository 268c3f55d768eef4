/** The response bodies of the REST API: records serialized as JSON, built by the reader. */
package io.paperstream.query.catalog.view;
