package io.paperstream.query.catalog.view;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A paper whose text resembles another one's.
 *
 * @param score       sum of the idf weights of every term the two papers share
 * @param sharedTerms the shared terms (full-text lexemes: stemmed, lower case) with the largest weights, largest
 *                    first
 */
public record SimilarPaper(@JsonUnwrapped PaperSummary paper, double score, List<String> sharedTerms) {
}
