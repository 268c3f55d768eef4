package io.paperstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Starts LocalPostgres as bin/paperstream does (same arguments, a temporary var/), then probes it as another
 * local user would: passwords, server-file access of the services' role, listening addresses, the server's
 * user, file modes, command lines.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalPostgresTest {

    /** SQLSTATE insufficient_privilege: what PostgreSQL answers a role that lacks a privilege. */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** /proc/net/tcp: a listening socket's state, and 127.0.0.1 as the kernel writes it (little-endian hex). */
    private static final String TCP_LISTEN = "0A";
    private static final String LOOPBACK_HEX = "0100007F";
    private static final String ROLE = "catalog_app";
    private static final String DATABASE = "catalog_test";
    /** When the test runs as root, the server runs as this user (created when missing). */
    private static final String OS_USER = "paperstream-db";

    private static Path home;
    private static LocalPostgres.Settings settings;
    private static LocalPostgres postgres;
    private static Path planted;

    @BeforeAll
    static void start() throws Exception {
        // under target/ (every parent may be entered by the server's user), like var/ under the checkout
        home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "local-postgres-");
        Files.setPosixFilePermissions(home, PostgresBinaries.SHARED_READ_ONLY);
        Path work = home.resolve("postgres/work");
        // a working directory anyone could write, holding a file someone put there
        Files.createDirectories(work);
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        planted = Files.writeString(work.resolve("planted"), "#!/bin/sh\n");
        settings = new LocalPostgres.Settings(freePort(), home.resolve("postgres/data"), work, DATABASE, ROLE,
                home.resolve("postgres/superuser.password"), home.resolve("postgres/" + ROLE + ".password"), OS_USER);
        postgres = LocalPostgres.start(settings);
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
        PostgresBinaries.deleteTree(home);
    }

    @Test
    @Order(1)
    void passwordFilesAreReadableByTheirOwnerOnly() throws IOException {
        for (Path file : List.of(settings.superuserPasswordFile(), settings.rolePasswordFile())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
            assertThat(Files.readString(file).strip()).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    @Order(2)
    void connectingWithoutTheRightPasswordFails() throws Exception {
        assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), ROLE, null).close())
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), ROLE, "wrong").close())
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.SUPERUSER, "").close())
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.SUPERUSER,
                "postgres").close()).isInstanceOf(SQLException.class);
        try (Connection c = connectAsRole(); Statement s = c.createStatement();
                var result = s.executeQuery("select current_user, current_database()")) {
            result.next();
            assertThat(result.getString(1)).isEqualTo(ROLE);
            assertThat(result.getString(2)).isEqualTo(DATABASE);
        }
    }

    @Test
    @Order(3)
    void theRoleOwnsTheCatalogAndIsNoSuperuser() throws Exception {
        try (Connection c = connectAsRole(); Statement s = c.createStatement();
                var result = s.executeQuery("""
                        select r.rolsuper, r.rolcreaterole, r.rolcreatedb, pg_get_userbyid(d.datdba),
                               pg_get_userbyid(n.nspowner)
                        from pg_roles r, pg_database d, pg_namespace n
                        where r.rolname = current_user and d.datname = current_database() and n.nspname = 'public'
                        """)) {
            result.next();
            assertThat(result.getBoolean(1)).as("superuser").isFalse();
            assertThat(result.getBoolean(2)).as("may create roles").isFalse();
            assertThat(result.getBoolean(3)).as("may create databases").isFalse();
            assertThat(result.getString(4)).as("owner of the database").isEqualTo(ROLE);
            assertThat(result.getString(5)).as("owner of schema public").isEqualTo(ROLE);
        }
    }

    @Test
    @Order(4)
    void theRoleCannotReadOrWriteServerFiles() throws Exception {
        Path target = Path.of("/tmp", "paperstream-copy-" + UUID.randomUUID());
        try (Connection c = connectAsRole(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("select pg_read_file('/etc/hostname')"))
                    .isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
            assertThatThrownBy(() -> s.execute("copy (select 1) to '" + target + "'"))
                    .isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
        } finally {
            Files.deleteIfExists(target);
        }
        assertThat(target).doesNotExist();
    }

    @Test
    @Order(5)
    void theServerListensOn127001Only() throws IOException {
        String port = String.format("%04X", settings.port());
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {          // after the heading
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if (local[1].equals(port) && fields[3].equals(TCP_LISTEN)) {
                    listening.add(local[0]);
                }
            }
        }
        assertThat(listening).containsExactly(LOOPBACK_HEX);
        assertThat(Files.readString(Path.of("/proc/net/unix"))).as("no Unix socket")
                .doesNotContain(".s.PGSQL." + settings.port());
    }

    @Test
    @Order(6)
    void theServerDoesNotRunAsRoot() throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(settings.dataDir().resolve("postmaster.pid")).get(0).trim());
        assertThat(postmaster).isEqualTo(postgres.pid());
        String uids = Files.readAllLines(Path.of("/proc", Long.toString(postmaster), "status")).stream()
                .filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow();
        // real, effective, saved and file-system uid
        assertThat(uids.substring("Uid:".length()).trim().split("\\s+")).hasSize(4).doesNotContain("0");
        assertThat(Files.getAttribute(settings.dataDir(), "unix:uid"))
                .as("the data directory belongs to the server's user")
                .isEqualTo(Files.getAttribute(Path.of("/proc", Long.toString(postmaster)), "unix:uid"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.dataDir())))
                .isEqualTo("rwx------");
    }

    @Test
    @Order(7)
    void nothingIsWritableByOthersAndPlantedFilesAreGone() throws IOException {
        List<Path> writable = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                // links included, as `find var -perm -o+w` sees them
                if (Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                        .contains(PosixFilePermission.OTHERS_WRITE)) {
                    writable.add(file);
                }
            }
        }
        assertThat(writable).isEmpty();
        assertThat(planted).doesNotExist();
    }

    @Test
    @Order(8)
    void noPasswordIsOnAnyCommandLine() throws IOException {
        List<String> secrets = List.of(Files.readString(settings.superuserPasswordFile()).strip(),
                Files.readString(settings.rolePasswordFile()).strip());
        List<String> leaking = new ArrayList<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String commandLine;
                try {
                    commandLine = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
                } catch (IOException gone) {
                    continue;
                }
                if (secrets.stream().anyMatch(commandLine::contains)) {
                    leaking.add(commandLine.replace('\0', ' '));
                }
            }
        }
        assertThat(leaking).isEmpty();
    }

    @Test
    @Order(8)
    void bitmapHeapScansReadAheadOnLinux() throws Exception {
        // the test already needs Linux (/proc); PostgreSQL's default, 1, reads one heap page at a time
        try (Connection c = connectAsRole(); Statement s = c.createStatement();
                var result = s.executeQuery("show effective_io_concurrency")) {
            result.next();
            assertThat(Integer.parseInt(result.getString(1))).as("effective_io_concurrency").isGreaterThan(1);
        }
    }

    @Test
    @Order(9)
    void aRestartKeepsTheDataAndHandsTheSuperusersTablesToTheRole() throws Exception {
        String superuserPassword = Files.readString(settings.superuserPasswordFile()).strip();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.SUPERUSER, superuserPassword);
                Statement s = c.createStatement()) {
            // as the services' tables were when they connected as the superuser
            s.execute("create table made_by_superuser (id bigint generated always as identity, note text)");
            s.execute("insert into made_by_superuser (note) values ('kept')");
        }
        postgres.close();
        postgres = LocalPostgres.start(settings);

        try (Connection c = connectAsRole(); Statement s = c.createStatement()) {
            s.execute("insert into made_by_superuser (note) values ('by the role')");
            try (var result = s.executeQuery("select note from made_by_superuser order by id")) {
                List<String> notes = new ArrayList<>();
                while (result.next()) {
                    notes.add(result.getString(1));
                }
                assertThat(notes).containsExactly("kept", "by the role");
            }
            s.execute("drop schema public cascade");            // what CatalogReset does as the role
            s.execute("create schema public");
        }
    }

    private static Connection connectAsRole() throws IOException, SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), ROLE,
                Files.readString(settings.rolePasswordFile()).strip());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
