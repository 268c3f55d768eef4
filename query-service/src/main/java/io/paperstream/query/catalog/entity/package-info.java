/** The JPA entities of the catalog tables, read-only for Hibernate (the writer uses set-based SQL). */
package io.paperstream.query.catalog.entity;
