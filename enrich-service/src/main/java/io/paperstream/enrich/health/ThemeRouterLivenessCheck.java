package io.paperstream.enrich.health;

import java.util.EnumSet;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.paperstream.enrich.streams.ThemeRouter;

/**
 * Live unless the theme router has failed or stopped: Quarkus' own liveness check watches only the enrich stream it
 * manages, and a router whose threads died (after {@code paperstream.streams.max-thread-replacements}) will not
 * come back without a restart of the service. Rebalancing and starting count as live.
 */
@Liveness
@Singleton
public class ThemeRouterLivenessCheck implements HealthCheck {

    /** The states a Kafka Streams client does not leave by itself. */
    static final Set<KafkaStreams.State> BROKEN = EnumSet.of(KafkaStreams.State.PENDING_ERROR,
            KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    private final ThemeRouter router;

    @Inject
    public ThemeRouterLivenessCheck(ThemeRouter router) {
        this.router = router;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = router.state();
        return HealthCheckResponse.named("Theme router").status(!BROKEN.contains(state))
                .withData("state", state.name()).withData("application.id", router.applicationId()).build();
    }
}
