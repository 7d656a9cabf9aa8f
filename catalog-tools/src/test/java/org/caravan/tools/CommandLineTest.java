package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The offline commands a developer and a maintainer use, driven as from a shell. */
class CommandLineTest {
    @TempDir
    Path tmp;
    Path store;

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    @BeforeEach
    void storeWithAlice() throws Exception {
        ok("key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--no-passphrase");
        ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("alice.asc"), ok("key", "export", p("alice.key")).out);
        store = tmp.resolve("STORE");
        Cli init = ok("store", "init", "--dir", store.toString(), "--name", "Demo Store", "--root-key", p("root.key"));
        assertTrue(init.out.startsWith("magnet:?xs=urn:btpk:"), init.toString());
        ok("store", "certify", "--dir", store.toString(), "--cert", p("alice.asc"), "--level", "developer", "--scope", "global");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello", StandardCharsets.UTF_8);
    }

    static Cli ok(String... args) {
        Cli c = Cli.run(args);
        assertEquals(0, c.exit, c.toString());
        return c;
    }

    static Cli fails(int code, String messagePart, String... args) {
        Cli c = Cli.run(args);
        assertEquals(code, c.exit, c.toString());
        assertTrue(c.err.startsWith("caravan: "), c.toString());
        assertTrue(c.err.contains(messagePart), c.toString());
        assertFalse(c.err.contains("\tat "), "no stack trace without --stacktrace: " + c);
        return c;
    }

    @Test
    void rootsAreRotatedToTwoOfTwoAndEveryLaterActSignedByBoth() throws Exception {
        ok("key", "generate", "--uid", "Bob Root <bob@example.org>", "--out", p("bob.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("bob.asc"), ok("key", "export", p("bob.key")).out);
        String dir = store.toString();
        Cli before = ok("store", "root", "list", "--dir", dir);
        assertTrue(before.out.startsWith("root set version 1: 1 of 1 roots sign for the store"), before.out);
        assertTrue(before.out.contains("(channel root: its key is the store key)  [secret key here]"), before.out);

        // Bob added as a certificate: k = 2 needs his signature on the rotation.
        fails(ExitCodes.FAILURE, "signed by 1 of its own 2 roots, but it requires 2", "store", "root", "rotate",
                "--dir", dir, "--add", p("bob.asc"), "--threshold", "2");
        // With his signature the rotation is valid, but the folder could then neither publish nor certify alone.
        fails(ExitCodes.FAILURE, "root set version 2 takes 2 of its 2 roots to publish and certify, but this folder "
                + "would hold the secret key of 1 (add the new roots with their secret keys, --add KEYFILE", "store", "root",
                "rotate", "--yes", "--dir", dir, "--add", p("bob.asc"), "--threshold", "2", "--sign-with", p("bob.key"));
        assertTrue(ok("store", "root", "list", "--dir", dir).out.startsWith("root set version 1:"), "nothing changed");
        // A dry run shows what the rotation keeps: Alice's certification is endorsed, nobody changes standing.
        Cli dry = ok("store", "root", "rotate", "--yes", "--dir", dir, "--add", p("bob.key"), "--threshold", "2", "--dry-run");
        assertTrue(dry.out.startsWith("root set version 2 would endorse 1 certification and revocation signature(s) of "
                + "the current roots; no key changes standing\nthis folder would hold the secret key of 2 of its 2 roots"),
                dry.out);
        assertTrue(ok("store", "root", "list", "--dir", dir).out.startsWith("root set version 1:"), "a dry run changes nothing");
        Cli rotated = ok("store", "root", "rotate", "--yes", "--dir", dir, "--add", p("bob.key"), "--threshold", "2");
        assertTrue(rotated.out.contains("root set version 2: 2 of 2 roots; approved by 1 current and 2 new roots"),
                rotated.out);
        Cli after = ok("store", "root", "list", "--dir", dir);
        assertTrue(after.out.contains("Bob Root <bob@example.org>  [secret key here]"), after.out);
        assertTrue(after.out.contains("history: version 2, 2 of 2, 2 approving signatures, endorsing 1 decision"),
                after.out);
        // The magnet to hand out now pins root set version 2; a client keeps the pin it subscribed with.
        String magnet = rotated.out.lines().filter(l -> l.startsWith("give new subscribers this magnet")).findFirst()
                .orElseThrow().replaceFirst(".*: ", "");
        assertTrue(magnet.matches("magnet:\\?xs=urn:btpk:[0-9a-f]{64}&s=[0-9a-f]+&x\\.roots=2-[0-9a-f]{64}"), magnet);
        assertTrue(after.out.contains("magnet: " + magnet), after.out);
        assertTrue(ok("client", "--home", p("home"), "subscribe", magnet).out.endsWith("(root set version 2 pinned)\n"));
        String neverSynced = org.caravan.core.net.StoreMagnet.parse(magnet).publicKeyHex().substring(0, 16) + "…";
        assertEquals(List.of(neverSynced + ": never synced", "    " + magnet), ok("client", "--home", p("home"), "stores")
                .out.lines().toList(), "the pin is kept with the subscription");
        fails(ExitCodes.FAILURE, "bad root pin '2-xyz'", "client", "--home", p("home"), "subscribe",
                magnet.replaceFirst("x\\.roots=.*", "x.roots=2-xyz"));
        // Alice stays certified under 2 of 2 roots (the rotation endorsed the one root's certification); the store
        // publishes with both keys here.
        assertTrue(ok("store", "publish", "--dir", dir).out.startsWith("published generation 1"));
        fails(ExitCodes.USAGE, "--threshold", "store", "root", "rotate", "--yes", "--dir", dir, "--threshold", "two");

        // Adding Carol, who keeps her key on her own machine: propose here, Carol signs there, apply here.
        ok("key", "generate", "--uid", "Carol Root <carol@example.org>", "--out", p("carol.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("carol.asc"), ok("key", "export", p("carol.key")).out);
        fails(ExitCodes.FAILURE, "--propose adds roots by certificate", "store", "root", "rotate", "--yes", "--dir", dir,
                "--add", p("carol.key"), "--propose", p("rot.json"));
        Cli proposed = ok("store", "root", "rotate", "--yes", "--dir", dir, "--add", p("carol.asc"), "--propose", p("rot.json"));
        assertTrue(proposed.out.startsWith("wrote the proposal for root set version 3 (2 of 3 roots, endorsing 1 "
                + "decision(s)) to " + p("rot.json") + ", with 2 signature(s)"), proposed.out);
        assertTrue(ok("store", "root", "list", "--dir", dir).out.startsWith("root set version 2:"), "not applied yet");
        Cli carolSigns = ok("key", "sign-roots", "--key", p("carol.key"), p("rot.json"));
        assertTrue(carolSigns.out.contains("root set version 3, 2 of 3 roots"), carolSigns.out);
        assertTrue(carolSigns.out.contains("signed as Carol Root <carol@example.org>"), carolSigns.out);
        fails(ExitCodes.FAILURE, "is signed by Carol Root <carol@example.org>", "key", "sign-roots", "--key",
                p("carol.key"), p("rot.json"));
        // A proposal made before a key was certified would not endorse that certification: it must be made again.
        ok("key", "generate", "--uid", "Dave <dave@example.org>", "--out", p("dave2.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("dave.asc"), ok("key", "export", p("dave2.key")).out);
        ok("store", "certify", "--dir", dir, "--cert", p("dave.asc"));
        fails(ExitCodes.FAILURE, "(a key was certified or revoked since it was proposed): propose the rotation again",
                "store", "root", "rotate", "--yes", "--dir", dir, "--apply", p("rot.json"));
        ok("store", "root", "rotate", "--yes", "--dir", dir, "--add", p("carol.asc"), "--propose", p("rot.json"));
        ok("key", "sign-roots", "--key", p("carol.key"), p("rot.json"));
        fails(ExitCodes.FAILURE, "--apply takes the rotation from its file", "store", "root", "rotate", "--yes", "--dir", dir,
                "--apply", p("rot.json"), "--threshold", "1");
        fails(ExitCodes.FAILURE, "--dry-run previews a rotation given by --add", "store", "root", "rotate", "--yes", "--dir", dir,
                "--apply", p("rot.json"), "--dry-run");
        Files.writeString(tmp.resolve("junk.json"), "{\"format\": \"something else\"}");
        fails(ExitCodes.FAILURE, "is not a root rotation proposal", "store", "root", "rotate", "--yes", "--dir", dir,
                "--apply", p("junk.json"));
        Cli applied = ok("store", "root", "rotate", "--yes", "--dir", dir, "--apply", p("rot.json"));
        assertTrue(applied.out.startsWith("root set version 3: 2 of 3 roots; approved by 2 current and 3 new roots"),
                applied.out);
        assertTrue(ok("store", "root", "list", "--dir", dir).out.contains("Carol Root <carol@example.org>  [secret key "
                + "elsewhere]"));
        fails(ExitCodes.FAILURE, "the proposal makes root set version 3, but this store is at version 3", "store", "root",
                "rotate", "--yes", "--dir", dir, "--apply", p("rot.json"));
        fails(ExitCodes.FAILURE, "not an OpenPGP v4 fingerprint", "store", "root", "rotate", "--yes", "--dir", dir,
                "--remove", "nonsense");
    }

    /**
     * A store made with an online key runs with only the root's certificate in its folder; the root holder
     * approves a policy change and a renewed delegation on their own machine (propose, approve, apply).
     */
    @Test
    void rootsOfflineStoreOnlineWithApprovalsFromTheRootHoldersMachine() throws Exception {
        ok("key", "generate", "--uid", "Rita Root <rita@example.org>", "--out", p("rita.key"), "--no-passphrase");
        ok("key", "generate", "--uid", "Online <online@example.org>", "--out", p("online.key"), "--no-passphrase");
        String dir = tmp.resolve("ONLINE").toString();
        Cli init = ok("store", "init", "--dir", dir, "--name", "Online Store", "--root-key", p("rita.key"),
                "--online-key", p("online.key"), "--valid-days", "30");
        assertTrue(init.out.matches("magnet:\\?xs=urn:btpk:[0-9a-f]{64}&s=[0-9a-f]+&x\\.roots=1-[0-9a-f]{64}\n"), init.out);
        ok("store", "certify", "--dir", dir, "--cert", p("alice.asc"));
        Files.writeString(tmp.resolve("ONLINE/keys/root.key"), ok("key", "export", p("rita.key")).out);
        assertTrue(ok("store", "publish", "--dir", dir).out.startsWith("published generation 1"));
        Cli list = ok("store", "root", "list", "--dir", dir);
        assertTrue(list.out.contains("Rita Root <rita@example.org>  [secret key elsewhere]"), list.out);
        assertTrue(list.out.contains("(anchored by the magnet's pin; the store key is the online key)"), list.out);
        assertTrue(list.out.contains("online key "), list.out);
        fails(ExitCodes.FAILURE, "certifying a key takes 1 of the store's 1 roots, but this folder holds the secret key "
                + "of 0", "store", "certify", "--dir", dir, "--cert", p("alice.asc"), "--level", "mentor");
        fails(ExitCodes.FAILURE, "the policy of a store with an online key takes 1 of the store's 1 roots, but 0 would "
                + "sign it", "store", "policy", "--dir", dir, "--mentor-cosignatures", "2");

        Cli proposed = ok("store", "policy", "--dir", dir, "--mentor-cosignatures", "2", "--propose", p("policy.json"));
        assertTrue(proposed.out.startsWith("wrote the policy change to " + p("policy.json") + ", with 0 signature(s)"),
                proposed.out);
        fails(ExitCodes.FAILURE, "the policy proposal is signed by 0 of the 1 roots of root set version 1, which "
                + "requires 1 (have the missing roots sign it: caravan store approve", "store", "policy", "--dir", dir,
                "--apply", p("policy.json"));
        Cli approved = ok("store", "approve", "--key", p("rita.key"), p("policy.json"));
        assertTrue(approved.out.contains("\"mentorCoSignatures\":2"), approved.out);
        assertTrue(approved.out.contains("signed as Rita Root <rita@example.org>"), approved.out);
        assertTrue(approved.out.contains("; 1 signature(s) in " + p("policy.json")), approved.out);
        assertTrue(ok("store", "policy", "--dir", dir, "--apply", p("policy.json")).out
                .startsWith("policy applied, signed by 1 roots"));
        assertTrue(ok("store", "policy", "--dir", dir).out.contains("2 co-signature(s) needed"));
        assertTrue(ok("store", "publish", "--dir", dir).out.startsWith("published generation 2"));

        ok("store", "online-key", "delegate", "--dir", dir, "--key", p("online.key"), "--valid-days", "60",
                "--propose", p("delegation.json"));
        Cli signed = ok("store", "approve", "--key", p("rita.key"), p("delegation.json"));
        assertTrue(signed.out.contains("caravan-online-key 1"), signed.out);
        fails(ExitCodes.FAILURE, "is signed by Rita Root <rita@example.org>", "store", "approve", "--key",
                p("rita.key"), p("delegation.json"));
        Cli renewed = ok("store", "online-key", "delegate", "--dir", dir, "--key", p("online.key"), "--apply",
                p("delegation.json"));
        assertTrue(renewed.out.startsWith("online key ") && renewed.out.contains("(delegated by 1 roots)"), renewed.out);
        fails(ExitCodes.FAILURE, "the proposal is for store", "store", "online-key", "delegate", "--dir", store.toString(),
                "--key", p("online.key"), "--apply", p("delegation.json"));
    }

    @Test
    void aMaintainerCertifiesAndRevokesInScopeWithHisOwnKeyAndTheStoreImportsIt() throws Exception {
        String dir = store.toString();
        ok("key", "generate", "--uid", "Mia <mia@example.org>", "--out", p("mia.key"), "--no-passphrase");
        ok("key", "generate", "--uid", "Bob <bob@example.org>", "--out", p("bob.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("mia.asc"), ok("key", "export", p("mia.key")).out);
        Files.writeString(tmp.resolve("bob.asc"), ok("key", "export", p("bob.key")).out);
        ok("store", "certify", "--dir", dir, "--cert", p("mia.asc"), "--level", "maintainer", "--scope", "category:games");

        // A stranger's certificate (no signature by any key of the store) is refused.
        fails(ExitCodes.FAILURE, "carries no certification or revocation by a key of this store", "store", "import",
                "--dir", dir, p("bob.asc"));
        ok("key", "certify", "--key", p("mia.key"), "--cert", p("bob.asc"), "--level", "developer",
                "--scope", "category:games", "--out", p("bob-by-mia.asc"));
        Cli imported = ok("store", "import", "--dir", dir, p("bob-by-mia.asc"));
        assertTrue(imported.out.startsWith("imported Bob <bob@example.org>"), imported.out);
        assertTrue(imported.out.contains("1 new"), imported.out);

        for (String[] pkg : new String[][] {{"org.example.chess", "games"}, {"org.example.sheet", "office"}}) {
            ok("package", "build", "--id", pkg[0], "--version", "1.0.0", "--category", pkg[1], "--from", p("src"),
                    "--out", p(pkg[0] + ".car"));
            ok("package", "sign", "--key", p("bob.key"), p(pkg[0] + ".car"));
        }
        Cli chess = ok("package", "verify", "--dir", dir, p("org.example.chess.car"));
        assertTrue(chess.out.contains("-> Mia <mia@example.org>") && chess.out.contains("-> Bob <bob@example.org>"),
                chess.out);
        fails(ExitCodes.REFUSED, "office", "package", "verify", "--dir", dir, p("org.example.sheet.car"));

        ok("key", "revoke", "--yes", "--key", p("mia.key"), "--cert", p("bob-by-mia.asc"), "--reason", "compromised",
                "--out", p("bob-revoked.asc"));
        ok("store", "import", "--dir", dir, p("bob-revoked.asc"));
        fails(ExitCodes.REFUSED, "refused (revoked): key Bob <bob@example.org>", "package", "verify", "--dir", dir,
                p("org.example.chess.car"));

        fails(ExitCodes.FAILURE, "a key cannot certify itself", "key", "certify", "--key", p("bob.key"), "--cert",
                p("bob.asc"));
        fails(ExitCodes.FAILURE, "is a root of this store", "store", "import", "--dir", dir,
                writeExport("root.key", "root.asc"));
    }

    private String writeExport(String key, String asc) throws Exception {
        Files.writeString(tmp.resolve(asc), ok("key", "export", p(key)).out);
        return p(asc);
    }

    @Test
    void theStoreRenamesItsLevelsAndSetsItsPromotionRulesAndTheyApply() {
        String dir = store.toString();
        Cli shown = ok("store", "policy", "--dir", dir);
        assertTrue(shown.out.contains("levels: newcomer, developer, mentor, maintainer (lowest first)"), shown.out);
        assertTrue(shown.out.contains("promotion: 20 certifications by keys of developer or above in a scope -> mentor"),
                shown.out);

        Cli set = ok("store", "policy", "--dir", dir, "--levels", "apprentice,craftsman,master,steward",
                "--promote", "apprentice=3", "--mentor-cosignatures", "2", "--catalog-lifetime-days", "3");
        assertTrue(set.out.startsWith("policy changed"), set.out);
        assertTrue(set.out.contains("levels: apprentice, craftsman, master, steward"), set.out);
        assertTrue(set.out.contains("promotion: 3 certifications by keys of apprentice or above in a scope -> craftsman"),
                set.out);
        assertFalse(set.out.contains("-> master"), "renaming the levels drops the old promotions: " + set.out);
        assertTrue(set.out.contains("2 co-signature(s) needed below craftsman"), set.out);
        assertTrue(set.out.contains("catalog lifetime: 3 days"), set.out);

        fails(ExitCodes.FAILURE, "unknown privilege level 'developer' (this store's levels: apprentice, craftsman, "
                + "master, steward)", "store", "certify", "--dir", dir, "--cert", p("alice.asc"), "--level", "developer");
        fails(ExitCodes.FAILURE, "co-sign", "store", "policy", "--dir", dir, "--mentor-cosignatures", "0");
        assertTrue(ok("store", "policy", "--dir", dir).out.contains("2 co-signature(s)"), "a refused change writes nothing");

        ok("store", "certify", "--dir", dir, "--cert", p("alice.asc"), "--level", "craftsman");
        ok("package", "build", "--id", "org.example.hello", "--version", "1.0.0", "--from", p("src"), "--out", p("hello.car"));
        ok("package", "sign", "--key", p("alice.key"), p("hello.car"));
        Cli verified = ok("package", "verify", "--dir", dir, p("hello.car"));
        assertTrue(verified.out.contains("level craftsman"), verified.out);
    }

    @Test
    void exportPrintsAnArmoredPublicCertificate() {
        Cli c = ok("key", "export", p("alice.key"));
        assertTrue(c.out.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"), c.out);
        assertFalse(c.out.contains("PRIVATE"), "no secret material");
    }

    @Test
    void buildSignVerifyAddPublish() {
        Cli built = ok("package", "build", "--id", "org.example.hello", "--version", "1.0.0", "--from", p("src"),
                "--out", p("hello.car"));
        assertTrue(built.out.startsWith("built org.example.hello 1.0.0"), built.out);
        ok("package", "sign", "--key", p("alice.key"), p("hello.car"));
        assertTrue(Files.exists(tmp.resolve("hello.car.asc")));
        Cli verified = ok("package", "verify", "--dir", store.toString(), p("hello.car"));
        assertTrue(verified.out.contains("trusted: Root <root@example.org>"), verified.out);
        assertTrue(verified.out.contains("-> Alice <alice@example.org>"), verified.out);

        ok("store", "add", "--dir", store.toString(), p("hello.car"));
        assertTrue(ok("store", "publish", "--dir", store.toString()).out.startsWith("published generation 1"));
        assertTrue(ok("store", "publish", "--dir", store.toString()).out.startsWith("unchanged: generation 1"));

        ok("store", "revoke", "--yes", "--dir", store.toString(), "--cert", p("alice.asc"), "--reason", "compromised");
        fails(ExitCodes.REFUSED, "refused (revoked)", "package", "verify", "--dir", store.toString(), p("hello.car"));
        assertTrue(ok("store", "publish", "--dir", store.toString()).out.startsWith("published generation 2"));
    }

    @Test
    void aPackageSignedByAnUncertifiedKeyIsRefused() {
        ok("key", "generate", "--uid", "Mallory <m@example.org>", "--out", p("mallory.key"), "--no-passphrase");
        ok("package", "build", "--id", "org.example.evil", "--version", "1.0.0", "--from", p("src"), "--out", p("evil.car"));
        ok("package", "sign", "--key", p("mallory.key"), p("evil.car"));
        fails(ExitCodes.REFUSED, "refused", "package", "verify", "--dir", store.toString(), p("evil.car"));
        fails(ExitCodes.REFUSED, "refusing org.example.evil 1.0.0", "store", "add", "--dir", store.toString(), p("evil.car"));
        ok("package", "build", "--id", "org.example.unsigned", "--version", "1.0.0", "--from", p("src"), "--out", p("u.car"));
        fails(ExitCodes.REFUSED, "has no signature beside it", "package", "verify", "--dir", store.toString(), p("u.car"));
    }

    /**
     * A key made with a passphrase is written protected; every command that signs with it (a developer's
     * package sign, a store whose root it is) asks for the passphrase and refuses, saying so, without it or
     * with a wrong one, while commands that only read keys do not ask.
     */
    @Test
    void aPassphraseProtectedKeySignsOnlyWithItsPassphrase() throws Exception {
        Files.writeString(tmp.resolve("pass.txt"), "correct horse battery staple\n");
        Files.writeString(tmp.resolve("wrong.txt"), "incorrect horse\n");
        Files.writeString(tmp.resolve("empty.txt"), "\n");
        Cli made = ok("key", "generate", "--uid", "Rita Root <rita@example.org>", "--out", p("rita.key"),
                "--passphrase-file", p("pass.txt"));
        assertFalse(made.out.contains("unprotected"), made.out);
        String armored = Files.readString(tmp.resolve("rita.key"));
        assertTrue(org.caravan.keyring.key.SecretKey.parse(armored.getBytes(StandardCharsets.US_ASCII)).isProtected(),
                "the key file is protected");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("rita.key"))));
        assertTrue(ok("key", "generate", "--uid", "Pat <pat@example.org>", "--out", p("pat.key"), "--no-passphrase")
                .out.endsWith(" (unprotected)\n"));
        fails(ExitCodes.FAILURE, "or run in a terminal to type it; or pass --no-passphrase", "key", "generate", "--uid",
                "X <x@example.org>", "--out", p("x.key"));
        fails(ExitCodes.FAILURE, "is empty: its first line is the passphrase", "key", "generate", "--uid",
                "X <x@example.org>", "--out", p("x.key"), "--passphrase-file", p("empty.txt"));
        assertFalse(Files.exists(tmp.resolve("x.key")));

        // Reading the public part never asks: export, and a store created on the protected root key.
        Files.writeString(tmp.resolve("rita.asc"), ok("key", "export", p("rita.key")).out);
        String dir = p("RSTORE");
        ok("store", "init", "--dir", dir, "--name", "Rita's Store", "--root-key", p("rita.key"));
        assertEquals(armored, Files.readString(Path.of(dir, "keys/root.key")), "the store keeps the key protected");
        ok("store", "root", "list", "--dir", dir);

        // Signing does: refused without the passphrase or with a wrong one, and nothing is written.
        fails(ExitCodes.FAILURE, "is protected by a passphrase: give it with --passphrase-file FILE", "store", "certify",
                "--dir", dir, "--cert", p("alice.asc"));
        fails(ExitCodes.FAILURE, "wrong passphrase for secret key Rita Root <rita@example.org>", "store", "certify",
                "--dir", dir, "--cert", p("alice.asc"), "--passphrase-file", p("wrong.txt"));
        fails(ExitCodes.FAILURE, "is protected by a passphrase", "store", "publish", "--dir", dir);
        assertFalse(Files.exists(Path.of(dir, "generations", "generation-1.cgen")), "no generation without the root's signature");
        ok("store", "certify", "--dir", dir, "--cert", p("alice.asc"), "--passphrase-file", p("pass.txt"));
        assertTrue(ok("store", "publish", "--dir", dir, "--passphrase-file", p("pass.txt")).out
                .startsWith("published generation 1"));

        // The same for a developer's key.
        ok("package", "build", "--id", "org.example.hello", "--version", "1.0.0", "--from", p("src"), "--out", p("h.car"));
        fails(ExitCodes.FAILURE, "is protected by a passphrase", "package", "sign", "--key", p("rita.key"), p("h.car"));
        fails(ExitCodes.FAILURE, "wrong passphrase", "package", "sign", "--key", p("rita.key"), "--passphrase-file",
                p("wrong.txt"), p("h.car"));
        assertFalse(Files.exists(tmp.resolve("h.car.asc")));
        ok("package", "sign", "--key", p("rita.key"), "--passphrase-file", p("pass.txt"), p("h.car"));
        assertTrue(Files.readString(tmp.resolve("h.car.asc")).contains("BEGIN PGP SIGNATURE"));
        fails(ExitCodes.FAILURE, "is protected by a passphrase", "key", "certify", "--key", p("rita.key"), "--cert",
                p("alice.asc"));
    }

    @Test
    void badInputGetsAOneLineReason() throws Exception {
        fails(ExitCodes.FAILURE, "exists; pass --force", "key", "generate", "--uid", "X <x@example.org>", "--out",
                p("alice.key"), "--no-passphrase");
        fails(ExitCodes.FAILURE, "pass --no-passphrase", "key", "generate", "--uid", "X <x@example.org>", "--out", p("x.key"));
        Files.writeString(tmp.resolve("junk.key"), "not a key");
        fails(ExitCodes.FAILURE, "junk.key is not an OpenPGP secret key", "key", "export", p("junk.key"));
        fails(ExitCodes.FAILURE, "no such key file", "key", "export", p("missing.key"));
        fails(ExitCodes.FAILURE, "already a store", "store", "init", "--dir", store.toString(), "--name", "X",
                "--root-key", p("root.key"));
        fails(ExitCodes.FAILURE, "no store at", "store", "publish", "--dir", p("nowhere"));
        fails(ExitCodes.FAILURE, "unknown privilege level 'wizard'", "store", "certify", "--dir", store.toString(),
                "--cert", p("alice.asc"), "--level", "wizard");
        fails(ExitCodes.FAILURE, "invalid scope 'everywhere'", "store", "certify", "--dir", store.toString(),
                "--cert", p("alice.asc"), "--scope", "everywhere");
        fails(ExitCodes.FAILURE, "is not an OpenPGP certificate", "store", "certify", "--dir", store.toString(),
                "--cert", p("junk.key"));
        fails(ExitCodes.FAILURE, "unknown revocation reason 'bored'", "store", "revoke", "--yes", "--dir", store.toString(),
                "--cert", p("alice.asc"), "--reason", "bored");
        // No default reason: hard or soft is the maintainer's decision, not the tool's.
        fails(ExitCodes.USAGE, "Missing required option: '--reason=REASON'", "store", "revoke", "--yes", "--dir", store.toString(),
                "--cert", p("alice.asc"));
        fails(ExitCodes.FAILURE, "version", "package", "build", "--id", "org.example.hello", "--version", "one",
                "--from", p("src"), "--out", p("x.car"));
        fails(ExitCodes.FAILURE, "a plugin needs --extension-point, --main-class, --class-path", "package", "build",
                "--id", "org.example.facts", "--version", "1.0.0", "--type", "plugin", "--from", p("src"), "--out", p("x.car"));
        fails(ExitCodes.FAILURE, "a plugin needs --class-path", "package", "build", "--id", "org.example.facts",
                "--version", "1.0.0", "--type", "plugin", "--extension-point", "app-page-panel", "--main-class", "a.B",
                "--from", p("src"), "--out", p("x.car"));
        fails(ExitCodes.FAILURE, "--main-class only apply to --type plugin", "package", "build", "--id",
                "org.example.hello", "--version", "1.0.0", "--main-class", "a.B", "--from", p("src"), "--out", p("x.car"));
        fails(ExitCodes.FAILURE, "invalid plugin extension point 'toolbar'", "package", "build", "--id",
                "org.example.facts", "--version", "1.0.0", "--type", "plugin", "--extension-point", "toolbar",
                "--main-class", "a.B", "--class-path", "lib/facts.jar", "--from", p("src"), "--out", p("x.car"));
        fails(ExitCodes.FAILURE, "it is not one of the package's files", "package", "build", "--id",
                "org.example.facts", "--version", "1.0.0", "--type", "plugin", "--extension-point", "app-page-panel",
                "--main-class", "a.B", "--class-path", "lib/facts.jar", "--from", p("src"), "--out", p("x.car"));
        fails(ExitCodes.FAILURE, "--requires-client: ", "package", "build", "--id", "org.example.hello", "--version",
                "1.0.0", "--requires-client", "soon", "--from", p("src"), "--out", p("x.car"));
        assertFalse(Files.exists(tmp.resolve("x.car")), "no package is written when the build is refused");
        fails(ExitCodes.FAILURE, "no such package file", "package", "verify", "--dir", store.toString(), p("nothere.car"));
        Files.writeString(tmp.resolve("fake.car"), "not a zip");
        Files.writeString(tmp.resolve("fake.car.asc"), "not a signature");
        fails(ExitCodes.FAILURE, "fake.car", "store", "add", "--dir", store.toString(), p("fake.car"));
        fails(ExitCodes.FAILURE, "magnet", "client", "--home", p("home"), "subscribe", "magnet:?xt=urn:btih:abc");
        fails(ExitCodes.FAILURE, "the client home " + p("alice.asc") + " is not a folder", "client", "--home",
                p("alice.asc"), "list");
        fails(ExitCodes.FAILURE, "127.0.0.0/8", "client", "--home", p("home"), "subscribe",
                "magnet:?xs=urn:btpk:" + "ab".repeat(32) + "&s=00", "--bootstrap", "10.0.0.1:6881");
        fails(ExitCodes.USAGE, "Unknown option", "store", "publish", "--dir", store.toString(), "--frobnicate");
        fails(ExitCodes.USAGE, "Missing required option", "store", "init", "--dir", p("s2"));
        fails(ExitCodes.FAILURE, "between 1 and 64", "testnet", "--nodes", "0");
    }

    @Test
    void thisMachinesTrustOverridesAreKeptListedAndForgotten() {
        String home = p("HOME");
        String fpr = ok("key", "generate", "--uid", "Bob <bob@example.org>", "--out", p("bob.key"), "--no-passphrase")
                .out.split(" ")[0];
        ok("trust", "allow", "--home", home, "--key", fpr, "--app", "org.example.hello");
        ok("trust", "distrust", "--home", home, fpr);
        assertEquals(List.of("distrust " + fpr, "allow " + fpr + " for org.example.hello"),
                ok("trust", "overrides", "--home", home).out.lines().toList());
        assertTrue(ok("trust", "forget", "--home", home, fpr).out.startsWith("forgot 2 override(s)"));
        assertEquals("", ok("trust", "overrides", "--home", home).out);
        fails(ExitCodes.FAILURE, "no override of", "trust", "forget", "--home", home, fpr);
        fails(ExitCodes.FAILURE, "not an OpenPGP v4 fingerprint", "trust", "distrust", "--home", home, "12AB");
        fails(ExitCodes.FAILURE, "no subscribed store lists org.example.hello", "trust", "explain", "--home", home,
                "org.example.hello");
        fails(ExitCodes.USAGE, "mutually exclusive", "trust", "explain", "--home", home, "--dir", p("STORE"), "x.y");
    }

    @Test
    void stacktraceOnlyWhenAskedFor() {
        Cli c = Cli.run("key", "export", p("missing.key"), "--stacktrace");
        assertEquals(ExitCodes.FAILURE, c.exit);
        assertTrue(c.err.contains("\tat "), c.toString());
    }

    @Test
    void everyCommandHasHelp() {
        List<String[]> paths = new ArrayList<>();
        collect(Main.commandLine(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()), new String[0]), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 20, "commands: " + paths.size());
        for (String[] path : paths) {
            Cli c = Cli.run(path);
            assertEquals(0, c.exit, String.join(" ", path) + "\n" + c);
            assertTrue(c.out.contains("Usage: caravan"), String.join(" ", path));
        }
    }

    private static void collect(CommandLine cl, List<String> prefix, List<String[]> out) {
        List<String> args = new ArrayList<>(prefix);
        args.add("--help");
        out.add(args.toArray(String[]::new));
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> next = new ArrayList<>(prefix);
            next.add(e.getKey());
            collect(e.getValue(), next, out);
        }
    }
}
