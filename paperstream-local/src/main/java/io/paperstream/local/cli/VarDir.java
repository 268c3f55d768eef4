package io.paperstream.local.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the local stack keeps its state: {@code var/} of the checkout ({@code PAPERSTREAM_VAR} moves it). */
public record VarDir(Path root) {

    public Path run() {
        return root.resolve("run");
    }

    public Path log() {
        return root.resolve("log");
    }

    public Path tmp() {
        return root.resolve("tmp");
    }

    public Path kafka() {
        return root.resolve("kafka");
    }

    public Path kafkaData() {
        return kafka().resolve("data");
    }

    public Path kafkaProperties() {
        return kafka().resolve("server.properties");
    }

    public Path kafkaClusterId() {
        return kafka().resolve("cluster.id");
    }

    public Path postgres() {
        return root.resolve("postgres");
    }

    public Path postgresData() {
        return postgres().resolve("data");
    }

    public Path postgresWork() {
        return postgres().resolve("work");
    }

    /** Generated once by LocalPostgres, mode 0600; for LocalPostgres's own setup only. */
    public Path superuserPassword() {
        return postgres().resolve("superuser.password");
    }

    /** The services' role's password, generated once by LocalPostgres, mode 0600. */
    public Path rolePassword() {
        return postgres().resolve("role.password");
    }

    public Path enrichState() {
        return root.resolve("enrich-state");
    }

    public Path ingestToken() {
        return root.resolve("ingest.token");
    }

    /** The path of a taxonomy given to {@code retag --taxonomy}, for later starts of enrich. */
    public Path taxonomyRecord() {
        return root.resolve("enrich.taxonomy");
    }

    public Path bench() {
        return root.resolve("bench");
    }

    public void prepare() {
        try {
            Files.createDirectories(run());
            Files.createDirectories(log());
            Files.createDirectories(tmp());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }
}
