package io.paperstream.query.catalog.entity;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One theme a paper carries, with its score and the taxonomy terms that matched. */
@Entity
@Table(name = "paper_theme")
@IdClass(PaperTheme.Key.class)
@Immutable
public class PaperTheme extends PanacheEntityBase {

    @Id
    @Column(name = "paper_id")
    public String paperId;

    @Id
    public String slug;

    public double score;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> matched;

    @Column(name = "ingested_at")
    public Instant ingestedAt;

    /** Themes of these papers, strongest first within each paper. */
    public static List<PaperTheme> ofPapers(List<String> paperIds) {
        return paperIds.isEmpty() ? List.of() : list("paperId in ?1 order by score desc, slug", paperIds);
    }

    public static class Key implements Serializable {

        public String paperId;
        public String slug;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(paperId, key.paperId) && Objects.equals(slug, key.slug);
        }

        @Override
        public int hashCode() {
            return Objects.hash(paperId, slug);
        }
    }
}
