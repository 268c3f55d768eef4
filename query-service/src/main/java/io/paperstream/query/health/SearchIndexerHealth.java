package io.paperstream.query.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import io.paperstream.query.catalog.write.SearchIndexer;


/**
 * DOWN while the search indexer's thread is dead: papers would be listed but never become searchable, so this
 * instance must not say it is fine (liveness lets an orchestrator restart it should the indexer's own restart not
 * help).
 */
@Liveness
@Readiness
@ApplicationScoped
public class SearchIndexerHealth implements HealthCheck {

    static final String NAME = "search-indexer";

    @Inject
    SearchIndexer indexer;

    @Override
    public HealthCheckResponse call() {
        return indexer.problem()
                .map(problem -> HealthCheckResponse.named(NAME).down().withData("problem", problem).build())
                .orElseGet(() -> HealthCheckResponse.up(NAME));
    }
}
