package io.paperstream.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * A generated password kept in a file only its owner can read (mode 0600), like var/ingest.token. A file
 * that others could read, or that someone else owns, is replaced by a new password: the old one may be known.
 * LocalPostgres sets the database's passwords from these files at every start, so replacing one is harmless.
 */
final class PasswordFile {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** As many random bytes as the ingest token (bin/paperstream's ensure_token). */
    private static final int RANDOM_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordFile() {
    }

    /** The password in {@code file}, generating it first when the file is missing, empty or not private. */
    static String readOrCreate(Path file, long ownerUid) throws IOException {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && isPrivate(file, ownerUid)) {
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!password.isEmpty()) {
                return password;
            }
        }
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path fresh = Files.createTempFile(file.toAbsolutePath().getParent(), ".password-", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(fresh, password, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(fresh, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("generated a password into %s (mode 0600)%n", file);
        return password;
    }

    private static boolean isPrivate(Path file, long ownerUid) throws IOException {
        long uid = ((Number) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        return uid == ownerUid && Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY);
    }
}
