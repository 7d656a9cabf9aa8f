package org.caravan.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.CatalogApp;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.channel.DeveloperChannel;
import org.caravan.core.channel.ListedRelease;
import org.caravan.core.channel.ReleaseList;
import org.caravan.core.channel.ReleaseListBundle;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.net.PeerNode;
import org.caravan.core.testing.LoopbackNetworkTest;
import org.caravan.core.testing.StoreFixture;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.testing.Personas;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.Scope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Certified developers ship through their own channels; the served store admits what its trust rules allow. */
class DeveloperChannelIT extends LoopbackNetworkTest {
    PeerNode devNode;

    @BeforeEach
    void developerNode() {
        devNode = net.join(tmp.resolve("dev-node"));
    }

    @Test
    void aCertifiedDevelopersReleaseIsAdmittedAndPublishedAndOutOfScopeOnesAreNot() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        SecretKey developer = Personas.secretKey("developer");
        SecretKey mentor = Personas.secretKey("mentor");
        f.store.certify(mentor.certificate(), Level.DEVELOPER, Scope.parse("app:org.example.editor"), null,
                StoreFixture.CERTIFIED);
        StoreServer server = new StoreServer(f.store, storeNode, StoreFixture.CLOCK);

        Path hello = f.buildSigned("org.example.hello", "1.0.0", "utilities", developer);
        assertEquals(1, DeveloperChannel.publish(developer, List.of(hello), tmp.resolve("dev"), devNode, StoreFixture.SIGNED));
        Path other = f.buildSigned("org.example.other", "1.0.0", "utilities", mentor);
        DeveloperChannel.publish(mentor, List.of(other), tmp.resolve("mentor"), devNode, StoreFixture.SIGNED);

        List<String> events = server.collectChannels();
        assertTrue(events.stream().anyMatch(e -> e.startsWith("admitted org.example.hello 1.0.0 from the channel of "
                + Personas.userIdOf("developer"))), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("not admitted org.example.other 1.0.0")
                && e.contains("out of scope")), events.toString());

        Publication gen = server.step();
        List<String> ids = CatalogCodec.decode(GenerationBundle.read(gen.file(), GenerationBundle.MAX_BUNDLE_BYTES)
                .catalogJson()).apps().stream().map(CatalogApp::id).toList();
        assertEquals(List.of("org.example.hello"), ids);

        assertEquals(List.of(), server.collectChannels(), "a list already seen is not read again");

        Path hello2 = f.buildSigned("org.example.hello", "1.1.0", "utilities", developer);
        assertEquals(2, DeveloperChannel.publish(developer, List.of(hello, hello2), tmp.resolve("dev"), devNode,
                StoreFixture.SIGNED));
        List<String> second = server.collectChannels();
        assertEquals(List.of("admitted org.example.hello 1.1.0 from the channel of " + Personas.userIdOf("developer")),
                second);
    }

    @Test
    void aListNotSignedByTheChannelsOwnerIsRefused() throws Exception {
        StoreFixture f = StoreFixture.create(tmp.resolve("s"));
        SecretKey developer = Personas.secretKey("developer");
        SecretKey outsider = Personas.secretKey("outsider");
        Path car = f.buildSigned("org.example.evil", "1.0.0", "utilities", outsider);
        ListedRelease r = new ListedRelease("org.example.evil", "1.0.0", "app", "Evil", "", "utilities",
                car.getFileName().toString(), devNode.seed(car).hex(), "00".repeat(32), 10, List.of("sig"));
        ReleaseList list = new ReleaseList(1, outsider.fingerprint().hex(), 1, Instant.parse("2026-02-01T00:00:00Z"),
                List.of(r));
        Path file = tmp.resolve(ReleaseListBundle.fileName(1));
        ReleaseListBundle.sign(list, outsider, StoreFixture.SIGNED).write(file);
        // The developer's key puts the pointer (say, a stolen session), but the list is someone else's.
        devNode.putPointer(developer.ed25519Seed(), DeveloperChannel.SALT, new ChannelPointer(devNode.seed(file), 1));

        List<String> events = new StoreServer(f.store, storeNode, StoreFixture.CLOCK).collectChannels();
        assertEquals(1, events.size(), events.toString());
        assertTrue(events.get(0).contains("release list is not signed by " + Personas.userIdOf("developer")),
                events.toString());
        assertTrue(f.store.releases().isEmpty());
    }
}
