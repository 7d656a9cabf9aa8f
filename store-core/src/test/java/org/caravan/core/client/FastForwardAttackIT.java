package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

/**
 * Attack: fast-forward. Whoever holds the channel key (or a DHT node replaying such a put) announces generation
 * 2^62, so that a client taking the pointer's word would refuse every real generation after it as a rollback.
 * The generation a client holds moves only when a verified catalog is imported, so the pointer is refused, the
 * floor stays, and the store's next generation is taken, also after a restart. A thief holding k roots (here the
 * store's only root, which also holds the channel) can sign such a catalog, and subscribers take it; the maintainers
 * recover them by rotating that root out: the floor is (root set version, generation).
 */
class FastForwardAttackIT extends LoopbackNetworkTest {
    static final String HELLO = "org.example.hello";

    @Test
    void aPointerToAHugeGenerationDoesNotRaiseTheFloorAndTheStoresNextGenerationIsTaken() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        assertEquals(1, server.step().generation());
        Path home = tmp.resolve("home");
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            c.subscribe(f.store.magnet());
            assertEquals(1, syncOnly(c).generation());

            long huge = 1L << 62;
            Path junk = Files.writeString(tmp.resolve("generation-huge.cgen"), "this is not a catalog");
            storeNode.putPointer(f.store.rootKey().ed25519Seed(), f.store.salt(),
                    new ChannelPointer(storeNode.seed(junk), huge));
            SyncReport bad = syncOnly(c);
            assertEquals(SyncReport.Outcome.REFUSED, bad.outcome(), bad.message());
            assertTrue(bad.message().contains("keeping generation 1"), bad.message());
            assertEquals(1, c.stores().get(0).generation());
        }
        f.addApp("org.example.notes", "1.0.0", "office");
        assertEquals(2, server.step().generation());
        try (ClientService c = client(home, StoreFixture.CLOCK)) {
            SyncReport next = syncOnly(c);
            assertEquals(SyncReport.Outcome.UPDATED, next.outcome(), next.message());
            assertEquals(2, next.generation());
            assertEquals(2, c.apps().size());
        }
    }

    /**
     * The store's one root (1 of 1, its key also the channel key) is stolen: the thief signs a genuine catalog at
     * generation 2^62 and puts its pointer; a subscriber and one who joins during the attack take it. The
     * maintainers rotate the stolen root out (signed by it, which they still hold, and by the new root) and publish:
     * both subscribers take the store's generation 2 under root set version 2 (read under version 2's salt: the
     * pointer under version 1's names a generation below the floor). The thief's next catalog, signed under version 1
     * with a still higher generation and put under version 2's salt, is refused; the store's next generation is
     * taken, and kept after a restart (the thief's generation kept on disk is not taken back for the newest).
     */
    @Test
    void aThiefWithTheRootsFastForwardsAndARootRotationBringsSubscribersBack() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        assertEquals(1, server.step().generation());
        SecretKey stolen = Personas.secretKey("root");
        long huge = 1L << 62;
        Path early = tmp.resolve("early");
        // One session per client until the end: a closed one leaves a dead node that each later put waits out.
        try (ClientService a = client(early, StoreFixture.CLOCK)) {
            a.subscribe(f.store.magnet());
            assertEquals(1, syncOnly(a).generation());
            putSignedCatalog(f, stolen, huge, f.store.salt());
            SyncReport fooled = syncOnly(a);
            assertEquals(SyncReport.Outcome.UPDATED, fooled.outcome(), fooled.message());
            assertEquals(huge, fooled.generation(), "k roots sign what subscribers take");
            try (ClientService b = client(tmp.resolve("joined"), StoreFixture.CLOCK)) {
                b.subscribe(f.store.magnet());
                assertEquals(huge, syncOnly(b).generation());

                f.store.rotateRoots(List.of(), List.of(Personas.secretKey("second-root")), List.of(Personas.ROOT), 1,
                        List.of(), StoreFixture.PUBLISHED.plusSeconds(60));
                f.addApp("org.example.notes", "1.0.0", "office");
                assertEquals(2, server.step().generation());
                for (ClientService c : List.of(a, b)) {
                    SyncReport back = syncOnly(c);
                    assertEquals(SyncReport.Outcome.UPDATED, back.outcome(), back.message());
                    assertEquals(2, back.generation());
                    assertEquals(List.of(HELLO, "org.example.notes"),
                            c.apps().stream().map(AppEntry::appId).sorted().toList());
                    assertEquals(TrustState.TRUSTED, c.apps().get(0).state(), c.apps().get(0).explanation());
                }

                putSignedCatalog(f, stolen, huge + 1, f.store.magnet().saltFor(2));
                SyncReport again = syncOnly(a);
                assertEquals(SyncReport.Outcome.REFUSED, again.outcome(), again.message());
                assertTrue(again.message().contains("signed under root set version 1, older than version 2 this client trusts"),
                        again.message());
                assertEquals(2, a.stores().get(0).generation());

                f.addApp("org.example.clock", "1.0.0", "utilities");
                assertEquals(3, server.step().generation());
                SyncReport next = syncOnly(a);
                assertEquals(SyncReport.Outcome.UPDATED, next.outcome(), next.message());
                assertEquals(3, next.generation());
            }
        }
        try (ClientService a = client(early, StoreFixture.CLOCK)) {
            assertEquals(3, a.stores().get(0).generation(), "a restart keeps what the rotation brought");
            List<StoreCheck> checks = a.verifyStores();
            assertTrue(checks.stream().noneMatch(check -> check instanceof StoreCheck.Restored),
                    "the thief's generation kept on disk is not taken back as the newest: " + checks);
            SyncReport same = syncOnly(a);
            assertEquals(SyncReport.Outcome.UP_TO_DATE, same.outcome(), same.message());
            assertEquals(3, a.stores().get(0).generation());
        }
    }

    /** Puts, under {@code salt}, a pointer to the store's latest catalog re-signed by {@code key} at {@code generation}. */
    private void putSignedCatalog(StoreFixture f, SecretKey key, long generation, byte[] salt) throws Exception {
        // What the thief holds: generation 1 (under root set version 1, whose one root they stole), to re-sign.
        GenerationBundle b = GenerationBundle.read(f.store.dir().resolve("generations").resolve(GenerationBundle.fileName(1)),
                GenerationBundle.MAX_BUNDLE_BYTES);
        Catalog h = CatalogCodec.decode(b.catalogJson());
        Instant issued = StoreFixture.NOW.minusSeconds(60);
        Catalog forged = new Catalog(h.formatVersion(), h.storeKey(), h.storeName(), generation, issued,
                issued.plusSeconds(86_400), null, h.roots(), h.keyringSha256(), h.policy(), h.apps(), h.rootHistory(),
                h.endorsed(), h.delegation(), h.policySignatures());
        byte[] json = CatalogCodec.encode(forged);
        byte[] sig = DetachedSignatures.sign(key, json, issued).getBytes(StandardCharsets.US_ASCII);
        Path file = Files.createDirectories(tmp.resolve("thief-" + generation)).resolve(GenerationBundle.fileName(generation));
        new GenerationBundle(json, sig, b.keyring()).write(file);
        storeNode.putPointer(key.ed25519Seed(), salt, new ChannelPointer(storeNode.seed(file), generation));
    }
}
