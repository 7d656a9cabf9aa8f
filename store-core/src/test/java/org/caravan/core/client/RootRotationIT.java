package org.caravan.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.RootPin;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.catalog.SignedRootSet;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.net.StoreMagnet;
import org.caravan.core.store.Publication;
import org.caravan.core.store.StoreDirectory;
import org.caravan.core.store.StoreServer;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.RootRotation;
import org.caravan.keyring.trust.RootSet;
import org.caravan.keyring.trust.Scope;
import org.junit.jupiter.api.Test;

/**
 * A store rotates to two roots with k = 2; its subscribers follow over the loopback network. A thief who holds
 * only the channel root's key (the store key) can still put pointers, but can neither rotate the roots back
 * to the key they hold nor pass off a catalog signed under root set version 1 again.
 */
class RootRotationIT extends LoopbackNetworkTest {
    private static final String HELLO = "org.example.hello";
    private static final Instant ROTATED = StoreFixture.CERTIFIED.plusSeconds(600);
    private static final Instant LATER = StoreFixture.NOW.plusSeconds(3600);

    /** The test's time: fixed, moved forward by the test. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /**
     * Rotations 1 -> 2 -> 3 roots while subscribers sync: the developer's app stays trusted and the revoked
     * developer's app stays spurious on the client, with no certification made again (the rotations endorse them).
     */
    @Test
    void subscribersFollowARotationAndRefuseAThiefHoldingOnlyTheChannelKey() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.addApp(HELLO, "1.0.0", "utilities");
        f.store.certify(Personas.certificate("mentor"), Level.DEVELOPER, Scope.GLOBAL, null, StoreFixture.CERTIFIED);
        f.store.add(f.buildSigned("org.example.bad", "1.0.0", "utilities", Personas.secretKey("mentor")),
                StoreFixture.SIGNED);
        f.store.revoke(Personas.MENTOR, org.caravan.keyring.trust.RevocationReason.COMPROMISED, "stolen",
                StoreFixture.SIGNED.plusSeconds(60));
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        Path home = tmp.resolve("home");
        // One client session throughout: a closed session would leave a dead node the next put waits for.
        MutableClock clock = new MutableClock(StoreFixture.NOW);
        try (ClientService c = client(home, clock)) {
            c.subscribe(f.store.magnet());
            assertEquals(SyncReport.Outcome.UPDATED, syncOnly(c).outcome());
            assertStates(c, "before any rotation");

            // Rotated after the revocation (made after the revoked developer's package was admitted).
            f.store.rotateRoots(List.of(), List.of(Personas.secretKey("second-root")), List.of(), 2, List.of(),
                    StoreFixture.PUBLISHED);
            assertEquals(2, server.step().generation());
            SyncReport rotated = syncOnly(c);
            assertEquals(SyncReport.Outcome.UPDATED, rotated.outcome(), rotated.message());
            AppEntry hello = assertStates(c, "after the rotation to 2 roots");
            assertTrue(hello.explanation().contains("the current roots endorsed it"), hello.explanation());

            clock.set(LATER.plusSeconds(60));
            refuseThiefs(f, c);

            SecretKey third = SecretKey.generate("Third Root <third-root@caravan.test>", Personas.CREATED);
            f.store.rotateRoots(List.of(), List.of(third), List.of(), 2, List.of(), LATER);
            Publication g3 = f.store.publish(LATER);
            server.step();
            SyncReport three = syncOnly(c);
            assertEquals(SyncReport.Outcome.UPDATED, three.outcome(), three.message());
            assertEquals(g3.generation(), three.generation());
            assertEquals(3, c.stores().get(0).generation());
            assertStates(c, "after the rotation to 3 roots");
        }
    }

    /** The developer's app is trusted and the revoked developer's is spurious; returns the trusted one. */
    private static AppEntry assertStates(ClientService c, String when) throws Exception {
        AppEntry hello = c.apps().stream().filter(a -> a.appId().equals(HELLO)).findFirst().orElseThrow();
        AppEntry bad = c.apps().stream().filter(a -> a.appId().equals("org.example.bad")).findFirst().orElseThrow();
        assertEquals(TrustState.TRUSTED, hello.state(), when + ": " + hello.explanation());
        assertEquals(TrustState.SPURIOUS, bad.state(), when + ": " + bad.explanation());
        return hello;
    }

    /**
     * A brand-new subscriber has no root set of its own to compare with: one that subscribes with the store's
     * plain magnet takes a thief's catalog under the original root set (trust on first use), one that subscribes
     * with the magnet the store gives out after the rotation (it pins root set version 2) refuses it, and
     * takes the store's next honest generation.
     */
    @Test
    void aNewSubscriberWithThePinnedMagnetRefusesAThiefsRewrittenHistory() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        f.addApp(HELLO, "1.0.0", "utilities");
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);
        server.step();
        f.store.rotateRoots(List.of(), List.of(Personas.secretKey("second-root")), List.of(), 2, List.of(), ROTATED);
        f.store.certify(Personas.certificate("developer"), Level.DEVELOPER, Scope.GLOBAL, null, ROTATED);
        assertEquals(2, server.step().generation());
        String pinned = f.store.shareableMagnet();
        assertTrue(pinned.startsWith(f.store.magnet().format() + "&x.roots=2-"), pinned);

        SecretKey thief = Personas.secretKey("root");
        putForged(f, List.of(), List.of(Personas.ROOT.hex()), 1, thief, 9, thief.ed25519Seed(), f.store.roots().roots());
        MutableClock clock = new MutableClock(LATER.plusSeconds(60));
        try (ClientService firstUse = client(tmp.resolve("unpinned"), clock);
                ClientService careful = client(tmp.resolve("pinned"), clock)) {
            firstUse.subscribe(f.store.magnet());
            SyncReport fooled = syncOnly(firstUse);
            assertEquals(SyncReport.Outcome.UPDATED, fooled.outcome(), fooled.message());
            assertEquals(9, fooled.generation(), "without a pin, the thief's history cannot be told from the store's");

            careful.subscribe(StoreMagnet.parse(pinned), RootPin.inMagnet(pinned).orElseThrow());
            SyncReport refused = syncOnly(careful);
            assertEquals(SyncReport.Outcome.REFUSED, refused.outcome(), refused.message());
            assertTrue(refused.message().contains("signed under root set version 1, older than version 2 the store's "
                    + "magnet names"), refused.message());
            assertTrue(careful.apps().isEmpty(), "nothing of the thief's catalog was imported");

            f.addApp("org.example.notes", "1.0.0", "office");
            assertEquals(3, server.step().generation());
            SyncReport honest = syncOnly(careful);
            assertEquals(SyncReport.Outcome.UPDATED, honest.outcome(), honest.message());
            assertEquals(3, honest.generation());
            assertEquals(List.of(HELLO, "org.example.notes"), careful.apps().stream().map(AppEntry::appId).sorted().toList());
        }
    }

    private void refuseThiefs(StoreFixture f, ClientService c) throws Exception {

        SecretKey thief = Personas.secretKey("root"); // the channel root: signs pointers, one of two roots now
        byte[] seed = thief.ed25519Seed();
        RootSet v2 = f.store.roots();
        List<SignedRootSet> history = new ArrayList<>(f.store.rootHistory());

        // 1. A rotation to version 3 = {channel root}, k = 1, signed by the thief alone.
        RootSet v3 = new RootSet(3, List.of(thief.certificate()), 1);
        List<SignedRootSet> forgedHistory = new ArrayList<>(history);
        forgedHistory.add(new SignedRootSet(3, 1, List.of(Personas.ROOT.hex()), List.of(RootRotation.sign(thief, v3, LATER))));
        putForged(f, forgedHistory, List.of(Personas.ROOT.hex()), 1, thief, 3, seed, v2.roots());
        {
            SyncReport r = syncOnly(c);
            assertEquals(SyncReport.Outcome.REFUSED, r.outcome(), r.message());
            assertTrue(r.message().contains("root rotation refused: root set version 3 is signed by 1 of the 2 current"
                    + " roots, but version 2 requires 2"), r.message());
            assertEquals(2, c.stores().get(0).generation());
        }

        // 2. A catalog under the original root set version 1 (the channel root alone, k = 1): valid on its own, as a
        // brand-new subscriber would see it, but this client already trusts version 2.
        putForged(f, List.of(), List.of(Personas.ROOT.hex()), 1, thief, 4, seed, v2.roots());
        {
            SyncReport r = syncOnly(c);
            assertEquals(SyncReport.Outcome.REFUSED, r.outcome(), r.message());
            assertTrue(r.message().contains("root set version 1, older than version 2 this client trusts"), r.message());
            assertEquals(2, c.stores().get(0).generation());
            assertStates(c, "after the thief's catalogs");
        }
    }

    /**
     * Roots offline, store online: a store made with an online key (its channel key, delegated by the root) is
     * served from a folder whose keys/ holds no root secret key at all (keys/root.key is the root's certificate).
     * A client subscribed with the pinned magnet syncs and installs. A thief holding the online key puts a
     * pointer to a catalog whose policy lets anyone publish: refused; so is one signed after the delegation ends.
     */
    @Test
    void aStoreServedWithNoRootSecretKeyIsSyncedAndInstalledFromAndItsOnlineKeyAloneCannotChangeTheRules()
            throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("online"));
        Path rootKey = dir.resolve("root.key");
        Files.writeString(rootKey, Personas.secretKey("root").armored(), StandardCharsets.US_ASCII);
        SecretKey online = SecretKey.generate("Online Store key <online@caravan.test>", Personas.CREATED);
        Instant until = LATER.plusSeconds(7 * 86_400);
        StoreDirectory made = StoreDirectory.initWithOnlineKey(dir.resolve("store"), "Online Store", rootKey, online,
                until, org.caravan.keyring.key.KeyPassphrase.NONE, StoreFixture.CERTIFIED);
        made.certify(Personas.certificate("developer"), Level.DEVELOPER, Scope.GLOBAL, null, StoreFixture.CERTIFIED);
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho hello\n", StandardCharsets.UTF_8);
        Path car = dir.resolve(HELLO + "-1.0.0.car");
        org.caravan.core.pkg.PackageBuilder.build(HELLO, "1.0.0", "app", "Hello", "Says hello", "utilities", "run.sh",
                src, car);
        Files.writeString(car.resolveSibling(car.getFileName() + ".asc"),
                DetachedSignatures.sign(Personas.secretKey("developer"), car, StoreFixture.SIGNED), StandardCharsets.US_ASCII);
        made.add(car, StoreFixture.SIGNED);
        // The root's holder leaves with the secret key: only the certificate stays on the serving machine.
        Files.writeString(dir.resolve("store/keys/root.key"), Personas.certificate("root").armored(),
                StandardCharsets.US_ASCII);
        try (var keys = Files.walk(dir.resolve("store/keys"))) {
            for (Path k : keys.filter(Files::isRegularFile).toList()) {
                if (!k.getFileName().toString().equals("channel.key") && !k.getFileName().toString().equals("online.key")) {
                    assertTrue(!Files.readString(k).contains("PRIVATE KEY BLOCK"), k + " is a root's secret key");
                }
            }
        }
        StoreDirectory store = StoreDirectory.open(dir.resolve("store"));
        assertEquals(HexFormat.of().formatHex(online.certificate().ed25519PublicKey()),
                HexFormat.of().formatHex(store.storeKey()), "the online key is the store key");
        String pinned = store.shareableMagnet();
        assertTrue(pinned.contains("&x.roots=1-"), pinned);
        StoreServer server = new StoreServer(store, storeNode, StoreFixture.CLOCK);
        assertEquals(1, server.step().generation());

        MutableClock clock = new MutableClock(StoreFixture.NOW);
        try (ClientService c = client(tmp.resolve("home-online"), clock)) {
            c.subscribe(StoreMagnet.parse(pinned), RootPin.inMagnet(pinned).orElseThrow());
            SyncReport first = syncOnly(c);
            assertEquals(SyncReport.Outcome.UPDATED, first.outcome(), first.message());
            assertEquals(TrustState.TRUSTED, c.apps().get(0).state(), c.apps().get(0).explanation());
            InstallOutcome installed = c.install(HELLO, InstallProgress.NONE);
            assertInstanceOf(InstallOutcome.Installed.class, installed, installed.message());

            // The thief holds the online key (and so the channel): a catalog letting newcomers publish alone.
            Publication honest = store.latest().orElseThrow();
            GenerationBundle b = GenerationBundle.read(honest.file(), GenerationBundle.MAX_BUNDLE_BYTES);
            Catalog h = CatalogCodec.decode(b.catalogJson());
            var p = h.policy();
            var lax = new org.caravan.core.catalog.StorePolicy(p.levels(), p.catalogLifetimeSeconds(), 0, 0,
                    p.maintainerLevel(), p.promotions(), 1, p.rootThreshold());
            putSignedBy(online, b, new Catalog(h.formatVersion(), h.storeKey(), h.storeName(), 2, LATER, until, null,
                    h.roots(), h.keyringSha256(), lax, h.apps(), h.rootHistory(), h.endorsed(), h.delegation(),
                    h.policySignatures()), 2);
            clock.set(LATER.plusSeconds(60));
            SyncReport lax2 = syncOnly(c);
            assertEquals(SyncReport.Outcome.REFUSED, lax2.outcome(), lax2.message());
            assertTrue(lax2.message().contains("carries a policy signed by 0 of the roots"), lax2.message());
            // Past the delegation, even the honest rules signed by the online key are refused.
            Instant after = until.plusSeconds(60);
            putSignedBy(online, b, new Catalog(h.formatVersion(), h.storeKey(), h.storeName(), 3, after,
                    after.plusSeconds(86_400), null, h.roots(), h.keyringSha256(), h.policy(), h.apps(), h.rootHistory(),
                    h.endorsed(), h.delegation(), h.policySignatures()), 3);
            clock.set(after.plusSeconds(60));
            SyncReport expired = syncOnly(c);
            assertEquals(SyncReport.Outcome.REFUSED, expired.outcome(), expired.message());
            assertTrue(expired.message().contains("whose delegation ended at " + until), expired.message());
            assertEquals(1, c.stores().get(0).generation());
        }
    }

    /** Puts a pointer to {@code catalog}, signed by {@code key} alone, with {@code b}'s keyring. */
    private void putSignedBy(SecretKey key, GenerationBundle b, Catalog catalog, long generation) throws Exception {
        byte[] json = CatalogCodec.encode(catalog);
        byte[] sig = DetachedSignatures.sign(key, json, catalog.issued()).getBytes(StandardCharsets.US_ASCII);
        Path file = Files.createDirectories(tmp.resolve("thief-" + generation)).resolve(GenerationBundle.fileName(generation));
        new GenerationBundle(json, sig, b.keyring()).write(file);
        storeNode.putPointer(key.ed25519Seed(), new StoreMagnet(key.certificate().ed25519PublicKey(),
                "caravan-catalog".getBytes(StandardCharsets.UTF_8)).salt(), new ChannelPointer(storeNode.seed(file),
                generation));
    }

    /** Puts a pointer to a generation the thief built: {@code roots}/{@code k} current, signed by the thief only. */
    private void putForged(StoreFixture f, List<SignedRootSet> history, List<String> roots, int k, SecretKey thief,
            long generation, byte[] seed, List<Certificate> oldRoots) throws Exception {
        Publication honest = f.store.latest().orElseThrow();
        Catalog c = CatalogCodec.decode(GenerationBundle.read(honest.file(), GenerationBundle.MAX_BUNDLE_BYTES).catalogJson());
        StringBuilder ring = new StringBuilder();
        oldRoots.forEach(r -> ring.append(r.armored()));
        f.store.keyring().forEach(r -> ring.append(r.armored()));
        byte[] keyring = ring.toString().getBytes(StandardCharsets.US_ASCII);
        var p = c.policy();
        var policy = new org.caravan.core.catalog.StorePolicy(p.levels(), p.catalogLifetimeSeconds(), p.publishLevel(),
                p.mentorLevel(), p.maintainerLevel(), p.promotions(), p.mentorCoSignatures(), k);
        Catalog forged = new Catalog(Catalog.FORMAT_VERSION, c.storeKey(), c.storeName(), generation, LATER,
                LATER.plusSeconds(86_400), null, roots, Sha256.hex(keyring), policy, c.apps(), history);
        byte[] json = CatalogCodec.encode(forged);
        byte[] sig = DetachedSignatures.sign(thief, json, LATER).getBytes(StandardCharsets.US_ASCII);
        Path file = Files.createDirectories(tmp.resolve("forged-" + generation)).resolve(GenerationBundle.fileName(generation));
        new GenerationBundle(json, sig, keyring).write(file);
        // The channel key puts under every root set version's salt (docs/protocol.md, section 2), as the store does.
        ChannelPointer pointer = new ChannelPointer(storeNode.seed(file), generation);
        for (long v = 1; v <= f.store.roots().version(); v++) {
            storeNode.putPointer(seed, f.store.magnet().saltFor(v), pointer);
        }
    }
}
