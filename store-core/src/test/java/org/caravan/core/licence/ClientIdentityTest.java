package org.caravan.core.licence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A home's identity is made once, kept readable by its owner only, and refused when others could read it. */
class ClientIdentityTest {
    static final Instant NOW = Instant.parse("2026-02-01T03:00:00Z");
    @TempDir
    Path tmp;

    @Test
    void madeOnFirstNeedKeptOwnerOnlyAndTheSameAfterwards() throws IOException {
        Path home = tmp.resolve("home");
        assertFalse(ClientIdentity.exists(home));
        ClientIdentity first = ClientIdentity.of(home, NOW);
        Path file = home.resolve("identity/key.asc");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        assertEquals(first.certificate(), ClientIdentity.of(home, NOW.plusSeconds(3600)).certificate());
        assertEquals(NOW, first.certificate().creationTime());
        assertTrue(first.certificate().armored().startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class, () -> ClientIdentity.of(home, NOW));
        assertTrue(e.getMessage().contains("chmod 600 " + file), e.getMessage());
    }
}
