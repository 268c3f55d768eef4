package io.paperstream.query.catalog.view;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A paper sharing themes with another one, and which themes they share. */
public record RelatedPaper(@JsonUnwrapped PaperSummary paper, List<String> sharedThemes, int sharedThemeCount) {
}
