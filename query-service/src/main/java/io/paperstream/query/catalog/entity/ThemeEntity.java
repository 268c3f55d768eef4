package io.paperstream.query.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A theme of the catalog: defined by taxonomy.themes, or only seen on papers so far ({@link #defined} false,
 * label = slug).
 */
@Entity
@Table(name = "theme")
@Immutable
public class ThemeEntity extends PanacheEntityBase {

    @Id
    public String slug;

    public String label;

    public String description;

    public Integer position;

    /**
     * This theme's bit in {@code paper.theme_mask}; null only once all {@code paperstream.query.themes.max-bits}
     * bits are taken (its papers are then counted from paper_theme).
     */
    public Integer bit;

    public boolean defined;

    @Column(name = "taxonomy_version")
    public String taxonomyVersion;
}
