package io.paperstream.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.paperstream.events.PaperLimits;
import io.paperstream.events.PaperLimitsConfig;
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
    void ingestRepeatsNoneOfTheSharedLimits() {
        Properties own = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            own.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> names = ShippedConfig.sharedLimits().stringPropertyNames().stream()
                .map(name -> name.substring("paperstream.limits.".length()))
                .toList();

        assertThat(own.stringPropertyNames()).allSatisfy(key -> {
            assertThat(key).doesNotStartWith("paperstream.limits.");
            assertThat(names).noneMatch(name -> key.equals("paperstream.ingest." + name));
        });
    }

    @Test
    void ingestOwnLimitsComeFromItsApplicationProperties() {
        assertThat(digestLimits).isEqualTo(ShippedConfig.digestLimits());
    }
}
