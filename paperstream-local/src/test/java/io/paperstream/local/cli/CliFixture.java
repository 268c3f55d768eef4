package io.paperstream.local.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;

/** Runs the CLI in this JVM against a checkout root of the test's own, capturing what it prints. */
final class CliFixture {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Map<String, String> environment = new HashMap<>();
    final CommandLine commandLine;

    CliFixture(Path root) {
        withServiceDefaults(root);
        System.setProperty(PaperstreamCommand.HOME_PROPERTY, root.toString());
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        commandLine = PaperstreamCommand.commandLine(environment, console);
    }

    /** The services' application.properties of this checkout, where the CLI reads their defaults. */
    static Path withServiceDefaults(Path root) {
        Path checkout = Path.of("").toAbsolutePath().getParent();
        for (String service : List.of(ServiceDefaults.INGEST, ServiceDefaults.ENRICH, ServiceDefaults.QUERY)) {
            Path file = Path.of(service, "src/main/resources/application.properties");
            try {
                Files.createDirectories(root.resolve(file).getParent());
                Files.copy(checkout.resolve(file), root.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    int run(String... args) {
        return commandLine.execute(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    <T> T subcommand(String name, Class<T> type) {
        return type.cast(commandLine.getSubcommands().get(name).getCommand());
    }
}
