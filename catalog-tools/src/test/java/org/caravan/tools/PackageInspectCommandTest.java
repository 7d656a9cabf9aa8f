package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caravan package inspect}: the manifest, size, hash and signers of a package file, without a store. */
class PackageInspectCommandTest {
    @TempDir
    Path tmp;

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    @Test
    void aSignedPackageIsShownWithItsSignersAndABrokenSignatureFileIsNamed() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello", StandardCharsets.UTF_8);
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho hello\n", StandardCharsets.UTF_8);
        src.resolve("run.sh").toFile().setExecutable(true);
        KeyShowCommandTest.ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"),
                "--no-passphrase");
        KeyShowCommandTest.ok("key", "generate", "--uid", "Bob <bob@example.org>", "--out", p("bob.key"), "--no-passphrase");
        KeyShowCommandTest.ok("package", "build", "--id", "org.example.hello", "--version", "1.2.0", "--from", src.toString(),
                "--out", p("hello.car"), "--name", "Hello", "--summary", "Says hello", "--category", "utilities",
                "--launch", "run.sh");
        KeyShowCommandTest.ok("package", "sign", "--key", p("alice.key"), p("hello.car"));
        String alice = KeyShowCommandTest.json(KeyShowCommandTest.ok("key", "show", "--json", p("alice.key")))
                .get("keys").get(0).get("fingerprint").asText();
        String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(tmp.resolve("hello.car"))));
        long size = Files.size(tmp.resolve("hello.car"));

        Cli text = KeyShowCommandTest.ok("package", "inspect", p("hello.car"));
        List<String> lines = text.out.lines().toList();
        assertEquals("org.example.hello 1.2.0 (app)", lines.get(0), text.out);
        assertTrue(lines.contains("  name      Hello"), text.out);
        assertTrue(lines.contains("  summary   Says hello"), text.out);
        assertTrue(lines.contains("  launch    run.sh"), text.out);
        assertTrue(lines.contains("  sha256    " + sha), text.out);
        assertTrue(lines.contains("  size      " + size + " B (" + size + " bytes)"), text.out);
        assertTrue(lines.contains("    hello.txt         5 B"), text.out);
        assertTrue(lines.contains("    run.sh           21 B  executable"), text.out);
        assertTrue(lines.contains("  signed    hello.car.asc: by " + alice), text.out);
        assertTrue(text.out.contains("caravan package verify --dir STORE"), text.out);

        // A co-signer's file beside it, and one that is not a signature at all.
        Path bobSig = tmp.resolve("bob.sig");
        Files.writeString(bobSig, org.caravan.keyring.sign.DetachedSignatures.sign(
                org.caravan.keyring.key.SecretKey.read(tmp.resolve("bob.key")), tmp.resolve("hello.car"),
                java.time.Instant.now()));
        Files.move(bobSig, tmp.resolve("hello.car.bob.asc"));
        Files.writeString(tmp.resolve("hello.car.junk.asc"), "not a signature");
        JsonNode doc = KeyShowCommandTest.json(KeyShowCommandTest.ok("package", "inspect", "--json", p("hello.car")));
        assertEquals("package", doc.get("kind").asText());
        assertEquals("org.example.hello", doc.get("id").asText());
        assertEquals("1.2.0", doc.get("version").asText());
        assertEquals("app", doc.get("type").asText());
        assertEquals("utilities", doc.get("category").asText());
        assertEquals("run.sh", doc.get("launch").asText());
        assertEquals(sha, doc.get("sha256").asText());
        assertEquals(size, doc.get("size").asLong());
        assertEquals(26, doc.get("unpackedSize").asLong());
        assertEquals(2, doc.get("files").size());
        JsonNode sigs = doc.get("signatures");
        assertEquals(3, sigs.size(), sigs.toString());
        assertEquals("hello.car.asc", sigs.get(0).get("file").asText());
        assertEquals(alice, sigs.get(0).get("signers").get(0).asText());
        assertEquals("hello.car.bob.asc", sigs.get(1).get("file").asText());
        assertTrue(sigs.get(1).get("signers").get(0).asText().matches("[0-9A-F]{40}"));
        assertTrue(sigs.get(1).get("problem").isNull());
        assertEquals("hello.car.junk.asc", sigs.get(2).get("file").asText());
        assertTrue(sigs.get(2).get("problem").asText().startsWith("not an OpenPGP signature"), sigs.toString());
    }

    @Test
    void exitCodes() throws Exception {
        Files.writeString(tmp.resolve("notes.car"), "just text");
        CommandLineTest.fails(ExitCodes.FAILURE, "package " + p("notes.car") + " refused (NOT_A_ZIP)", "package",
                "inspect", p("notes.car"));
        CommandLineTest.fails(ExitCodes.FAILURE, "no such file: " + p("gone.car"), "package", "inspect", p("gone.car"));
        Cli usage = Cli.run("package", "inspect", "--jsn", p("notes.car"));
        assertEquals(ExitCodes.USAGE, usage.exit, usage.toString());
    }
}
