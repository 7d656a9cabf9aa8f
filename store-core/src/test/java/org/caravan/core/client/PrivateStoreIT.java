package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.caravan.core.catalog.PrivateGeneration;
import org.caravan.core.licence.ClientIdentity;
import org.caravan.core.net.InfoHash;
import org.caravan.core.net.InfoHashes;
import org.caravan.core.net.PeerNode;
import org.caravan.core.store.Publication;
import org.caravan.core.store.StoreServer;
import org.caravan.core.store.Subscribers;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.junit.jupiter.api.Test;

/**
 * A private store on a loopback network: its generations travel sealed for its subscribers. A subscriber syncs and
 * installs; a non-subscriber fetches the same bytes (and could seed them) but reads nothing, and is told why; a
 * subscriber removed reads nothing newer and keeps what it had; one added reads from the next generation on. GnuPG
 * opens a generation's wrapped key with a subscriber's secret key.
 */
class PrivateStoreIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";

    @Test
    void subscribersReadNonSubscribersAndRemovedOnesDoNot() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.store.makePrivate();
        Path alice = tmp.resolve("alice");
        Path bob = tmp.resolve("bob");
        Path carol = tmp.resolve("carol");
        ClientIdentity aliceId = ClientIdentity.of(alice, StoreFixture.NOW);
        ClientIdentity bobId = ClientIdentity.of(bob, StoreFixture.NOW);
        ClientIdentity carolId = ClientIdentity.of(carol, StoreFixture.NOW);
        Subscribers subscribers = Subscribers.of(f.store.dir());
        subscribers.add(aliceId.certificate());
        subscribers.add(carolId.certificate());
        f.addApp(HELLO, "1.0.0", "utilities");
        Publication first = new StoreServer(f.store, storeNode, StoreFixture.CLOCK).step();
        assertEquals(1, first.generation());
        byte[] sealed = Files.readAllBytes(first.file());
        assertTrue(PrivateGeneration.isSealed(first.file()));
        assertEquals(2, PrivateGeneration.recipients(first.file()).size());
        String asText = new String(sealed, StandardCharsets.ISO_8859_1);
        assertFalse(asText.contains(HELLO) || asText.contains("Test Store") || asText.contains("catalog.json"),
                "the sealed generation shows its content");

        // Anyone may fetch (and seed) the generation's torrent: they get exactly the sealed bytes.
        PeerNode stranger = net.join(tmp.resolve("stranger-node"));
        InfoHash ih = InfoHashes.of(first.file());
        Path got = stranger.fetch(ih, Files.createDirectories(tmp.resolve("stranger")), sealed.length,
                Duration.ofSeconds(60), (d, t) -> { }, List.of());
        assertArrayEquals(sealed, Files.readAllBytes(got));

        try (ClientService a = client(alice, StoreFixture.CLOCK)) {
            a.subscribe(f.store.magnet());
            SyncReport r = syncOnly(a);
            assertEquals(SyncReport.Outcome.UPDATED, r.outcome(), r.message());
            InstallOutcome o = a.install(HELLO, InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, o, o.message());
        }
        try (ClientService b = client(bob, StoreFixture.CLOCK)) {
            b.subscribe(f.store.magnet());
            SyncReport r = syncOnly(b);
            assertEquals(SyncReport.Outcome.REFUSED, r.outcome(), r.message());
            // Its name is inside the sealed catalog: a stranger knows the store by its key only.
            assertTrue(r.message().contains("this home (key " + bobId.certificate().fingerprint().hex()
                    + ") is not a subscriber of private store " + f.store.magnet().toString().substring(20, 36))
                    && r.message().contains("caravan client identity"), r.message());
            assertTrue(b.apps().isEmpty());
        }
        try (ClientService c = client(carol, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
        }

        // Carol removed, Bob added: the next generation (nothing else changed) is wrapped for Alice and Bob only.
        subscribers.remove(carolId.certificate().fingerprint());
        subscribers.add(bobId.certificate());
        Clock later = Clock.fixed(StoreFixture.NOW.plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        Publication second = new StoreServer(f.store, storeNode, later).step();
        assertEquals(2, second.generation());
        assertEquals(2, PrivateGeneration.recipients(second.file()).size());
        gpgOpens(second.file(), alice);
        try (ClientService c = client(carol, later)) {
            SyncReport r = syncOnly(c);
            assertEquals(SyncReport.Outcome.REFUSED, r.outcome(), r.message());
            assertTrue(r.message().contains("is not a subscriber of private store Test Store")
                    && r.message().contains("keeping generation 1"), r.message());
            assertEquals(1, c.apps().size(), "a removed subscriber keeps what it had");
        }
        try (ClientService b = client(bob, later)) {
            SyncReport r = syncOnly(b);
            assertEquals(SyncReport.Outcome.UPDATED, r.outcome(), r.message());
            assertEquals(2, r.generation());
        }
        try (ClientService a = client(alice, later)) {
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(a).outcome());
        }
    }

    /** gpg, in a home of its own, decrypts the generation's wrapped key with the subscriber's secret key. */
    private void gpgOpens(Path generation, Path subscriberHome) throws Exception {
        Path gnupg = Files.createDirectories(tmp.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path wrapped = tmp.resolve("wrapped.gpg");
        Files.write(wrapped, PrivateGeneration.wrappedKey(generation));
        try {
            gpg(gnupg, "--import", subscriberHome.resolve("identity/key.asc").toString());
            byte[] key = gpg(gnupg, "--decrypt", wrapped.toString());
            assertEquals(32, key.length);
        } finally {
            new ProcessBuilder("gpgconf", "--homedir", gnupg.toString(), "--kill", "gpg-agent").start()
                    .waitFor(20, TimeUnit.SECONDS);
        }
    }

    private byte[] gpg(Path gnupg, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--homedir", gnupg.toString(), "--batch", "--no-tty"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("gpg.err").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("gpg.err")));
        return out;
    }
}
