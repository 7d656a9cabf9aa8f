package org.caravan.tools;

import static org.caravan.tools.CommandLineTest.fails;
import static org.caravan.tools.CommandLineTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.caravan.core.store.ReleaseRecord;
import org.caravan.core.store.StoreDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code store add --mirror} (BEP 19 web seeds) and {@code client settings}, driven as from a shell. */
class MirrorAndSettingsCommandTest {
    @TempDir
    Path tmp;

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    @Test
    void aMaintainerListsMirrorsAndAddsOneLater() throws Exception {
        ok("key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--no-passphrase");
        ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("alice.asc"), ok("key", "export", p("alice.key")).out);
        String store = p("STORE");
        ok("store", "init", "--dir", store, "--name", "Demo Store", "--root-key", p("root.key"));
        ok("store", "certify", "--dir", store, "--cert", p("alice.asc"), "--level", "developer", "--scope", "global");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello", StandardCharsets.UTF_8);
        ok("package", "build", "--id", "org.example.hello", "--version", "1.0.0", "--from", p("src"), "--out", p("hello.car"));
        ok("package", "sign", "--key", p("alice.key"), p("hello.car"));

        fails(ExitCodes.FAILURE, "mirror must be an http or https URL, not ftp://mirror.example.org/hello.car",
                "store", "add", "--dir", store, "--mirror", "ftp://mirror.example.org/hello.car", p("hello.car"));

        Cli added = ok("store", "add", "--dir", store, "--mirror",
                "https://a.example.org/caravan/,http://127.0.0.1:8080/hello.car", p("hello.car"));
        String fileName = "org.example.hello-1.0.0.car";
        assertTrue(added.out.contains("  mirror https://a.example.org/caravan/" + fileName), added.out);
        assertTrue(added.out.contains("  mirror http://127.0.0.1:8080/hello.car"), added.out);
        StoreDirectory dir = StoreDirectory.open(Path.of(store));
        ReleaseRecord rec = dir.releases().get(0);
        assertEquals(List.of("https://a.example.org/caravan/" + fileName, "http://127.0.0.1:8080/hello.car"), rec.mirrors());
        assertTrue(Files.isRegularFile(dir.packageFile(rec).resolveSibling(fileName + ".torrent")),
                "the metainfo to upload beside the package is written");
        assertTrue(ok("store", "publish", "--dir", store).out.startsWith("published generation 1"));

        // The same bytes again with one more mirror: merged, and the next publication lists it.
        ok("store", "add", "--dir", store, "--mirror", "https://b.example.org/hello.car", p("hello.car"));
        assertEquals(3, StoreDirectory.open(Path.of(store)).releases().get(0).mirrors().size());
        assertTrue(ok("store", "publish", "--dir", store).out.startsWith("published generation 2"));
        // Without --mirror nothing changes.
        ok("store", "add", "--dir", store, p("hello.car"));
        assertTrue(ok("store", "publish", "--dir", store).out.startsWith("unchanged: generation 2"));
    }

    @Test
    void aPrivateStoresMirrorsAreToldToServeTheSealedFileOnly() throws Exception {
        ok("key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--no-passphrase");
        ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("alice.asc"), ok("key", "export", p("alice.key")).out);
        Files.writeString(tmp.resolve("member.asc"), client("identity").out);
        String store = p("STORE");
        ok("store", "init", "--dir", store, "--name", "Members", "--root-key", p("root.key"), "--private");
        ok("store", "subscribers", "add", "--dir", store, "--cert", p("member.asc"));
        ok("store", "certify", "--dir", store, "--cert", p("alice.asc"), "--level", "developer", "--scope", "global");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello", StandardCharsets.UTF_8);
        ok("package", "build", "--id", "org.example.hello", "--version", "1.0.0", "--from", p("src"), "--out", p("hello.car"));
        ok("package", "sign", "--key", p("alice.key"), p("hello.car"));

        Cli added = ok("store", "add", "--dir", store, "--mirror", "https://m.example.org/members/", p("hello.car"));
        StoreDirectory dir = StoreDirectory.open(Path.of(store));
        ReleaseRecord rec = dir.releases().get(0);
        Path sealed = dir.servedFile(rec).orElseThrow();
        String name = sealed.getFileName().toString();
        assertTrue(name.matches("[0-9a-f]{64}\\.cpkg"), name);
        // The URL, the file and its metainfo name nothing but the sealed file's hash.
        assertEquals(List.of("https://m.example.org/members/" + name), rec.mirrors());
        assertTrue(added.out.contains("  mirror https://m.example.org/members/" + name + " (serve " + sealed
                + " there, and " + name + ".torrent beside it as https://m.example.org/members/" + name + ".torrent)"),
                added.out);
        assertTrue(Files.isRegularFile(sealed.resolveSibling(name + ".torrent")));
        assertTrue(!Files.exists(dir.packageFile(rec).resolveSibling(rec.fileName() + ".torrent")),
                "the plain package's metainfo was written");
        // Publishing keeps the sealed file the mirror already holds.
        assertTrue(ok("store", "publish", "--dir", store).out.startsWith("published generation 1"));
        assertEquals(sealed, StoreDirectory.open(Path.of(store)).servedFile(rec).orElseThrow());
    }

    private Cli client(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "client";
        all[1] = "--home";
        all[2] = p("home");
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(all);
    }

    @Test
    void clientSettingsShowDefaultsAndKeepChanges() {
        Cli shown = client("settings");
        assertEquals(0, shown.exit, shown.toString());
        assertEquals("seeding on\nupload-limit 1024 KiB/s\nauto-update off\n", shown.out);

        Cli changed = client("settings", "--seeding", "off", "--upload-limit", "256", "--auto-update", "on");
        assertEquals(0, changed.exit, changed.toString());
        assertEquals("seeding off\nupload-limit 256 KiB/s\nauto-update on\n", changed.out);
        assertEquals("seeding off\nupload-limit none\nauto-update on\n", client("settings", "--upload-limit", "0").out);

        Cli bad = client("settings", "--seeding", "maybe");
        assertEquals(ExitCodes.USAGE, bad.exit, bad.toString());
        assertTrue(bad.err.contains("--seeding takes on or off, not 'maybe'"), bad.toString());
        Cli negative = client("settings", "--upload-limit", "-5");
        assertEquals(ExitCodes.USAGE, negative.exit, negative.toString());
        assertEquals("seeding off\nupload-limit none\nauto-update on\n", client("settings").out, "refused input changed nothing");
    }
}
