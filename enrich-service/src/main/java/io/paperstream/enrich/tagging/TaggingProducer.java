package io.paperstream.enrich.tagging;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.paperstream.enrich.config.EnrichConfig;

/** Loads the taxonomy in use (the shipped default or {@code paperstream.taxonomy.path}) and compiles its tagger. */
@Singleton
public class TaggingProducer {

    private static final Logger LOG = Logger.getLogger(TaggingProducer.class);

    @Produces
    @Singleton
    Taxonomy taxonomy(EnrichConfig config) {
        Taxonomy taxonomy = config.taxonomy().path().map(TaxonomyLoader::load).orElseGet(TaxonomyLoader::loadDefault);
        LOG.infof("Taxonomy %s: %d themes (%s)", taxonomy.version(), taxonomy.themes().size(),
                config.taxonomy().path().map(Object::toString).orElse("default"));
        return taxonomy;
    }

    @Produces
    @Singleton
    ThemeTagger themeTagger(Taxonomy taxonomy) {
        return new ThemeTagger(taxonomy);
    }
}
