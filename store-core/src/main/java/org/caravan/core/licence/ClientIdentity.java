package org.caravan.core.licence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;

/**
 * A client home's own OpenPGP key (Ed25519 primary, X25519 encryption subkey), made the first time it is needed
 * and kept in {@code HOME/identity/key.asc} (folder 0700, file 0600, unprotected: the home's account is its
 * boundary, as for the database). Publishers wrap content keys for its certificate.
 */
public final class ClientIdentity {
    static final String FOLDER = "identity";
    static final String FILE = "key.asc";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private final SecretKey key;

    private ClientIdentity(SecretKey key) {
        this.key = key;
    }

    /** The identity of {@code home}, made now ({@code now} is its creation time) if it has none yet. */
    public static ClientIdentity of(Path home, Instant now) throws IOException {
        Path dir = home.resolve(FOLDER);
        Path file = dir.resolve(FILE);
        if (Files.exists(file)) {
            return read(file);
        }
        if (!Files.exists(home)) {
            Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        SecretKey made = SecretKey.generateWithEncryption("Caravan client <client@caravan.invalid>", now);
        Path tmp = Files.createTempFile(dir, ".key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(tmp, made.armored(), StandardCharsets.US_ASCII);
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                // No REPLACE_EXISTING: two processes making it at once keep the first one's key.
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                return read(file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new ClientIdentity(made);
    }

    private static ClientIdentity read(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
            throw new IOException("the client identity " + file + " may be read by other accounts ("
                    + PosixFilePermissions.toString(perms) + "); chmod 600 " + file + " and check who copied it");
        }
        return new ClientIdentity(SecretKey.read(file));
    }

    /** Whether {@code home} already has an identity (nothing is made). */
    public static boolean exists(Path home) {
        return Files.exists(home.resolve(FOLDER).resolve(FILE));
    }

    public Certificate certificate() {
        return key.certificate();
    }

    /** The secret key; stays inside the client (unwrapping keys, signing device tokens). */
    public SecretKey secretKey() {
        return key;
    }
}
