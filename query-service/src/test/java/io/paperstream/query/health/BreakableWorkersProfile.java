package io.paperstream.query.health;

import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/** An application of its own, whose search index and catalog writer a test can break. */
public class BreakableWorkersProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(BreakableSearchIndex.class, BreakableCatalogWriter.class);
    }
}
