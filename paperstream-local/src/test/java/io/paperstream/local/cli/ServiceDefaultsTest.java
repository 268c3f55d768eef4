package io.paperstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI takes the services' defaults from their application.properties, as the services would read them. */
class ServiceDefaultsTest {

    @TempDir
    Path root;

    @Test
    void portsIdsAndGroupsComeFromTheServicesFiles() throws IOException {
        write(ServiceDefaults.INGEST, "quarkus.http.port=7001\nkafka.bootstrap.servers=127.0.0.1:7092\n");
        write(ServiceDefaults.ENRICH, """
                quarkus.http.port=7002
                quarkus.kafka-streams.application-id=tagger
                paperstream.theme-router.application-id=${quarkus.kafka-streams.application-id}-router
                %dev.quarkus.kafka-streams.application-id=tagger-dev
                """);
        write(ServiceDefaults.QUERY, """
                quarkus.http.port=7003
                quarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:7432/catalogdb
                paperstream.query.consumer-group=reader
                mp.messaging.incoming.taxonomy-themes.group.id=${paperstream.query.consumer-group}-tax
                """);

        Settings settings = Settings.from(root, Map.of());

        assertThat(settings.ingestPort()).isEqualTo(7001);
        assertThat(settings.enrichPort()).isEqualTo(7002);
        assertThat(settings.queryPort()).isEqualTo(7003);
        assertThat(settings.kafkaPort()).isEqualTo(7092);
        assertThat(settings.postgresPort()).isEqualTo(7432);
        assertThat(settings.postgresDb()).isEqualTo("catalogdb");
        assertThat(settings.enrichApplicationId()).isEqualTo("tagger");
        assertThat(settings.themeRouterApplicationId()).isEqualTo("tagger-router");
        assertThat(settings.queryGroup()).isEqualTo("reader");
        assertThat(settings.queryTaxonomyGroup()).isEqualTo("reader-tax");

        // what the services read from the environment, the CLI reads too; the CLI's own port variables win
        Settings changed = Settings.from(root, Map.of("QUARKUS_KAFKA_STREAMS_APPLICATION_ID", "other",
                "PAPERSTREAM_QUERY_CONSUMER_GROUP", "mine", "QUARKUS_HTTP_PORT", "9999",
                "PAPERSTREAM_QUERY_PORT", "7103"));
        assertThat(changed.themeRouterApplicationId()).isEqualTo("other-router");
        assertThat(changed.queryTaxonomyGroup()).isEqualTo("mine-tax");
        assertThat(changed.ingestPort()).isEqualTo(7001);
        assertThat(changed.queryPort()).isEqualTo(7103);
    }

    @Test
    void theCheckoutsOwnFilesGiveTheDocumentedStack() {
        Settings settings = Settings.from(CliFixture.withServiceDefaults(root), Map.of());

        assertThat(settings.queryUrl()).isEqualTo("http://127.0.0.1:" + settings.queryPort());
        assertThat(settings.themeRouterApplicationId()).isEqualTo(settings.enrichApplicationId() + "-themes");
        assertThat(settings.queryTaxonomyGroup()).isEqualTo(settings.queryGroup() + "-taxonomy");
    }

    @Test
    void c1OnlyCompilationIsChosenPerProcess() {
        Path checkout = CliFixture.withServiceDefaults(root);
        Settings settings = Settings.from(checkout, Map.of("PAPERSTREAM_JVM_FLAGS", "-XX:+UseSerialGC"));
        assertThat(settings.jvmFlagsOf("query")).containsExactly("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        assertThat(settings.jvmFlagsOf("kafka")).contains("-XX:TieredStopAtLevel=1");
        // the compute-bound tagger keeps the optimizing compiler
        assertThat(settings.jvmFlagsOf("enrich")).containsExactly("-XX:+UseSerialGC");

        Settings allTiered = Settings.from(checkout, Map.of("PAPERSTREAM_C1_ONLY", "none"));
        assertThat(Settings.PROCESSES).allSatisfy(process ->
                assertThat(allTiered.jvmFlagsOf(process)).doesNotContain("-XX:TieredStopAtLevel=1"));
        assertThat(Settings.from(checkout, Map.of("PAPERSTREAM_C1_ONLY", "enrich")).jvmFlagsOf("enrich"))
                .contains("-XX:TieredStopAtLevel=1");
        assertThatThrownBy(() -> Settings.from(checkout, Map.of("PAPERSTREAM_C1_ONLY", "querry")))
                .isInstanceOf(CliException.class).hasMessageContaining("PAPERSTREAM_C1_ONLY")
                .hasMessageContaining("querry");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> Settings.from(root, Map.of())).isInstanceOf(CliException.class)
                .hasMessageContaining("ingest-service");
    }

    private void write(String service, String properties) throws IOException {
        Path file = root.resolve(service).resolve("src/main/resources/application.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, properties);
    }
}
