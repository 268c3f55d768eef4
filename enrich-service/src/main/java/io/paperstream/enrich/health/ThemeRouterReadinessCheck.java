package io.paperstream.enrich.health;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.paperstream.enrich.streams.ThemeRouter;

/** Ready only while the theme router is RUNNING: without it, theme subscribers get no new papers. */
@Readiness
@Singleton
public class ThemeRouterReadinessCheck implements HealthCheck {

    private final ThemeRouter router;

    @Inject
    public ThemeRouterReadinessCheck(ThemeRouter router) {
        this.router = router;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = router.state();
        return HealthCheckResponse.named("Theme router").status(state == KafkaStreams.State.RUNNING)
                .withData("state", state.name()).withData("application.id", router.applicationId()).build();
    }
}
