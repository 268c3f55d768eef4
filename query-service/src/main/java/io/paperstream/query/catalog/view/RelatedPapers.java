package io.paperstream.query.catalog.view;

import java.util.List;

/** The papers related to one paper, most shared themes first, then newest. */
public record RelatedPapers(String id, List<RelatedPaper> items) {
}
