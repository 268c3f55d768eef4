package io.paperstream.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.sun.security.auth.module.UnixSystem;

/**
 * The operating-system user the PostgreSQL server runs as. PostgreSQL must never run as root (a superuser
 * session could then read or write any file of the machine), so when this process is root the server, initdb
 * and pg_ctl run as an unprivileged user of their own: created here when missing, so that no other program's
 * user (such as {@code nobody}) can read the data directory or signal the server. Otherwise they run as the
 * user of this process.
 */
final class ServerAccount {

    private static final int ROOT_UID = 0;
    /** Drops to the account for one command; util-linux, present wherever useradd is. */
    private static final String SETPRIV = "setpriv";
    private static final List<String> NO_LOGIN_SHELLS = List.of("/usr/sbin/nologin", "/sbin/nologin", "/bin/false");

    private final String name;
    private final long uid;
    private final long gid;
    private final boolean switching;

    private ServerAccount(String name, long uid, long gid, boolean switching) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.switching = switching;
    }

    /** The account for the server: {@code userWhenRoot} (created if missing) when this process is root. */
    static ServerAccount resolve(String userWhenRoot) throws IOException, InterruptedException {
        UnixSystem self = new UnixSystem();
        if (self.getUid() != ROOT_UID) {
            return new ServerAccount(self.getUsername(), self.getUid(), self.getGid(), false);
        }
        if (!userWhenRoot.matches("[a-z_][a-z0-9_-]*")) {
            throw new IllegalArgumentException("not a plain user name: " + userWhenRoot);
        }
        if (run(List.of("id", "-u", userWhenRoot)) == null) {
            createSystemUser(userWhenRoot);
        }
        long uid = Long.parseLong(require(List.of("id", "-u", userWhenRoot)));
        long gid = Long.parseLong(require(List.of("id", "-g", userWhenRoot)));
        if (uid == ROOT_UID) {
            throw new IllegalStateException("the PostgreSQL user " + userWhenRoot + " is root: choose an unprivileged one");
        }
        if (run(List.of(SETPRIV, "--version")) == null) {
            throw new IllegalStateException("running as root, PostgreSQL needs " + SETPRIV
                    + " (util-linux) to run as " + userWhenRoot + ": install it, or start as an unprivileged user");
        }
        return new ServerAccount(userWhenRoot, uid, gid, true);
    }

    String name() {
        return name;
    }

    long uid() {
        return uid;
    }

    /** {@code command}, run as this account. */
    List<String> command(List<String> command) {
        if (!switching) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(SETPRIV, "--reuid=" + uid, "--regid=" + gid,
                "--clear-groups", "--no-new-privs", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives {@code tree} (not following links) to this account when the server runs as another user. */
    void own(Path tree) throws IOException {
        if (!switching || ownedBy(tree)) {
            return;
        }
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                chown(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                chown(file);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Fails with advice when the account cannot reach {@code dir} (a parent directory closed to others). */
    void requireReachable(Path dir) throws IOException {
        if (!switching) {
            return;
        }
        for (Path parent = dir.toAbsolutePath().getParent(); parent != null; parent = parent.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(parent);
            if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE) && !ownedBy(parent)) {
                throw new IllegalStateException("PostgreSQL runs as user " + name + ", who cannot enter " + parent
                        + " (mode " + java.nio.file.attribute.PosixFilePermissions.toString(permissions)
                        + "): allow it (chmod o+x " + parent + ") or keep the checkout elsewhere");
            }
        }
    }

    private boolean ownedBy(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue() == uid;
    }

    private void chown(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
    }

    private static void createSystemUser(String user) throws IOException, InterruptedException {
        String shell = NO_LOGIN_SHELLS.stream().filter(s -> Files.isExecutable(Path.of(s))).findFirst()
                .orElse(NO_LOGIN_SHELLS.get(NO_LOGIN_SHELLS.size() - 1));
        List<String> useradd = List.of("useradd", "--system", "--user-group", "--no-create-home",
                "--home-dir", "/nonexistent", "--shell", shell, user);
        if (run(useradd) == null) {
            throw new IllegalStateException("cannot create the system user " + user + " for PostgreSQL ("
                    + String.join(" ", useradd) + " failed): create it, or name an existing unprivileged user");
        }
        System.out.printf("created the system user %s: PostgreSQL runs as it, not as root%n", user);
    }

    private static String require(List<String> command) throws IOException, InterruptedException {
        String output = run(command);
        if (output == null) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        return output;
    }

    /** The trimmed output of {@code command}, or null when it fails or does not exist. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException missing) {
            return null;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.waitFor() == 0 ? output : null;
    }
}
