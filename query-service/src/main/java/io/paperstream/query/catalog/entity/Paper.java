package io.paperstream.query.catalog.entity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.paperstream.query.catalog.bits.ThemeMask;
import io.paperstream.query.catalog.write.CatalogWriter;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A materialized paper. Read-only for Hibernate: {@link CatalogWriter} writes papers with set-based SQL, which is
 * what makes materialization fast; reads go through this entity.
 */
@Entity
@Table(name = "paper")
@Immutable
public class Paper extends PanacheEntityBase {

    @Id
    public String id;

    public String title;

    public String summary;

    public String source;

    @Column(name = "digest_id")
    public String digestId;

    public int line;

    /** The digest's {@code Related <kind> (<n>)} counts. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Long> related;

    @Column(name = "ingested_at")
    public Instant ingestedAt;

    @Column(name = "enriched_at")
    public Instant enrichedAt;

    @Column(name = "taxonomy_version")
    public String taxonomyVersion;

    /** {@link ThemeMask}'s stored form; see {@link #themes()}. */
    @Column(name = "theme_mask")
    public byte[] themeMask;

    @Column(name = "materialized_seq")
    public long materializedSeq;

    @Column(name = "materialized_at")
    public Instant materializedAt;

    public ThemeMask themes() {
        return ThemeMask.fromBytes(themeMask);
    }

    /** The papers with these ids, in no particular order. */
    public static List<Paper> withIds(List<String> ids) {
        return ids.isEmpty() ? List.of() : list("id in ?1", ids);
    }
}
