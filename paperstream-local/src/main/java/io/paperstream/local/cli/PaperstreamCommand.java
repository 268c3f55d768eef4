package io.paperstream.local.cli;

import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/paperstream}: runs Paperstream on this machine, a Kafka broker, PostgreSQL and the ingest, enrich
 * and query services, each a background process of this checkout (pid in var/run/, log in var/log/), bound to
 * 127.0.0.1. The shim bin/paperstream sets {@value #HOME_PROPERTY} to the checkout and the umask.
 */
@Command(name = "bin/paperstream", mixinStandardHelpOptions = false, sortOptions = false,
        description = {"Runs Paperstream on this machine: a Kafka broker, PostgreSQL and the ingest, enrich and query "
                + "services, each as a background process (pid in var/run/, log in var/log/), bound to 127.0.0.1."},
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, IngestCommand.class,
                RetagCommand.class, TaggingReportCommand.class, RebuildCommand.class, BenchCommand.class,
                LogsCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Environment (defaults in brackets):",
                "  PAPERSTREAM_KAFKA_PORT [the port of kafka.bootstrap.servers in ingest's application.properties]",
                "  PAPERSTREAM_KAFKA_CONTROLLER_PORT [9093]",
                "  PAPERSTREAM_POSTGRES_PORT, PAPERSTREAM_POSTGRES_DB [of query's quarkus.datasource.jdbc.url]",
                "  PAPERSTREAM_INGEST_PORT, PAPERSTREAM_ENRICH_PORT, PAPERSTREAM_QUERY_PORT [each service's"
                        + " quarkus.http.port]",
                "  PAPERSTREAM_KAFKA_HEAP [512m]  PAPERSTREAM_POSTGRES_HEAP [128m]  PAPERSTREAM_SERVICE_HEAP [256m]",
                "  PAPERSTREAM_TOOL_HEAP [256m]  PAPERSTREAM_JVM_FLAGS [-XX:+UseSerialGC -Xms32m]",
                "  PAPERSTREAM_C1_ONLY [kafka postgres ingest query] (JVMs compiled by C1 only; none: all tiered)",
                "  PAPERSTREAM_READY_TIMEOUT [90]  PAPERSTREAM_STOP_TIMEOUT [20]  PAPERSTREAM_GROUP_RESET_TIMEOUT [60]",
                "  PAPERSTREAM_INGEST_CHUNK_RECORDS [2000]  PAPERSTREAM_INGEST_CHUNK_BYTES [8388608]",
                "  PAPERSTREAM_INGEST_CONCURRENCY [2] (digests in flight)  PAPERSTREAM_INGEST_RETRIES [3]",
                "  PAPERSTREAM_INGEST_RETRY_DELAY [1] (seconds, doubled at each further attempt)",
                "  PAPERSTREAM_PROGRESS_EVERY [10] (seconds between plain progress lines)"
                        + "  PAPERSTREAM_CATCH_UP_TIMEOUT [1800]",
                "  PAPERSTREAM_INGEST_TOKEN [generated once into var/ingest.token]",
                "  PAPERSTREAM_POSTGRES_ROLE [paperstream] (the services' role;",
                "    its password is generated once into var/postgres/role.password, the superuser's into",
                "    var/postgres/superuser.password, both mode 0600)",
                "  PAPERSTREAM_POSTGRES_OS_USER [paperstream-db] (the system user PostgreSQL runs as when run as root)",
                "  PAPERSTREAM_TAXONOMY_PATH [the taxonomy built into enrich]",
                "  PAPERSTREAM_SERVICES [ingest enrich query] (the services up starts)",
                "  PAPERSTREAM_VAR [var/ of the checkout] (all local state: pids, logs, broker, database)",
                "  Any other QUARKUS_* / PAPERSTREAM_* variable reaches the services as it is."})
public final class PaperstreamCommand implements Runnable {

    /** The checkout's root, set by bin/paperstream; the working directory otherwise. */
    public static final String HOME_PROPERTY = "paperstream.home";
    private static final int USAGE_WIDTH = 120;

    private final Map<String, String> environment;
    private final Console console;
    private Stack stack;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public PaperstreamCommand(Map<String, String> environment, Console console) {
        this.environment = environment;
        this.console = console;
    }

    public Console console() {
        return console;
    }

    /** The stack of this checkout; settings are read (and checked) when a command first needs them. */
    public synchronized Stack stack() {
        if (stack == null) {
            String home = System.getProperty(HOME_PROPERTY);
            Path root = (home == null || home.isBlank() ? Path.of("") : Path.of(home)).toAbsolutePath().normalize();
            stack = new Stack(Settings.from(root, environment), console);
        }
        return stack;
    }

    @Override
    public void run() {
        spec.commandLine().usage(console.out());
    }

    public static CommandLine commandLine(Map<String, String> environment, Console console) {
        CommandLine commandLine = new CommandLine(new PaperstreamCommand(environment, console))
                .setUsageHelpWidth(USAGE_WIDTH);
        commandLine.setOut(new java.io.PrintWriter(console.out(), true));
        commandLine.setErr(new java.io.PrintWriter(console.err(), true));
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (exception instanceof CliException) {
                console.warn(exception.getMessage());
                return 1;
            }
            throw exception;
        });
        return commandLine;
    }

    public static void main(String[] args) {
        // the Kafka clients of this JVM (catch-up checks) log only errors, to stderr
        System.setProperty("log4j2.configurationFile", "log4j2-cli.xml");
        int status = commandLine(System.getenv(), Console.system()).execute(args);
        System.exit(status);
    }
}
