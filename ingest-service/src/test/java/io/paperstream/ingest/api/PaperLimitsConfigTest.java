package io.paperstream.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.paperstream.events.PaperLimits;
import io.paperstream.ingest.config.PaperLimitsConfig;
import io.paperstream.ingest.digest.DigestLimits;
import io.paperstream.ingest.digest.ShippedConfig;
import io.paperstream.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Ingest states none of the shared paper limits itself: Quarkus reads them from paperstream-events'
 * META-INF/microprofile-config.properties. Expected values are read from that file on the classpath.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class PaperLimitsConfigTest {

    @Inject
    PaperLimitsConfig config;

    @Inject
    PaperLimits limits;

    @Inject
    DigestLimits digestLimits;

    @Test
    void theSharedLimitsComeFromTheSharedPropertiesFile() {
        PaperLimits shipped = ShippedConfig.paperLimits();

        assertThat(config.toPaperLimits()).isEqualTo(shipped);
        assertThat(limits).isEqualTo(shipped);
        assertThat(digestLimits.paper()).isEqualTo(shipped);
    }

    @Test
    void ingestOwnLimitsComeFromItsApplicationProperties() {
        assertThat(digestLimits).isEqualTo(ShippedConfig.digestLimits());
    }
}
