package io.paperstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.paperstream.client.SharedData;
import io.paperstream.local.cli.Settings;
import io.paperstream.local.cli.VarDir;

/**
 * Where the local stack is when no option says so: {@code bin/paperstream}'s own {@link Settings} (the services'
 * ports, database and broker address from their application.properties, the same {@code PAPERSTREAM_*} variables),
 * so a benchmark run on its own looks where the CLI starts things. Read once, and only when a default is needed:
 * {@code bin/paperstream bench} passes every address itself.
 */
public final class StackDefaults {

    /** The corpus of the benchmarks, in the shared data beside the checkout. */
    public static final String CORPUS = "arxiv-abstracts-100k.txt.gz";
    /** Set by bin/paperstream for its own JVM; the bench is started from the checkout's root. */
    private static final String HOME_PROPERTY = "paperstream.home";
    /** A directory is the checkout when it holds the services' sources. */
    private static final String MARKER = "query-service/src/main/resources/application.properties";

    private final Path root;
    private final Map<String, String> env;
    private Settings settings;

    public StackDefaults(Path root, Map<String, String> env) {
        this.root = root;
        this.env = env;
    }

    /** The checkout this runs in, with the process's environment. */
    public static StackDefaults local() {
        return new StackDefaults(checkout(), System.getenv());
    }

    /**
     * {@code -Dpaperstream.home}, else the working directory or the nearest parent that holds the services (a
     * module directory, where a test runs).
     */
    public static Path checkout() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath().normalize();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER))) {
                return dir;
            }
        }
        return cwd;
    }

    private synchronized Settings settings() {
        if (settings == null) {
            settings = Settings.from(root, env);
        }
        return settings;
    }

    public String ingestUrl() {
        return settings().ingestUrl();
    }

    public String queryUrl() {
        return settings().queryUrl();
    }

    public String bootstrapServers() {
        return settings().bootstrapServers();
    }

    /** The stack's own PostgreSQL (not PAPERSTREAM_JDBC_URL: the bench takes an external database by --jdbc-url). */
    public String jdbcUrl() {
        return settings().localJdbcUrl();
    }

    public VarDir var() {
        return new VarDir(settings().var());
    }

    /** The benchmark corpus where the shared data is, else where it was first looked for (the reader says so). */
    public static Path corpus() {
        return SharedData.path(CORPUS);
    }
}
