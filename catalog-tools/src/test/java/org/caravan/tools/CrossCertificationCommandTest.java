package org.caravan.tools;

import static org.caravan.tools.CommandLineTest.fails;
import static org.caravan.tools.CommandLineTest.ok;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's side of cross-certification, offline: B's keyring kept in A, its scope, and B's revocations. */
class CrossCertificationCommandTest {
    @TempDir
    Path tmp;
    String a;
    String b;

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    @BeforeEach
    void twoStores() throws Exception {
        for (String k : List.of("a-root", "b-root", "bea")) {
            ok("key", "generate", "--uid", k + " <" + k + "@example.org>", "--out", p(k + ".key"), "--no-passphrase");
            Files.writeString(tmp.resolve(k + ".asc"), ok("key", "export", p(k + ".key")).out);
        }
        a = p("A");
        b = p("B");
        ok("store", "init", "--dir", a, "--name", "Store A", "--root-key", p("a-root.key"));
        ok("store", "init", "--dir", b, "--name", "Store B", "--root-key", p("b-root.key"));
        ok("store", "certify", "--dir", b, "--cert", p("bea.asc"), "--level", "developer", "--scope", "global");
        Files.writeString(tmp.resolve("b-keyring.asc"), ok("store", "keyring", "--dir", b).out);
    }

    Path app(String id, String category) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src-" + id));
        Files.writeString(src.resolve("README.txt"), id, StandardCharsets.UTF_8);
        ok("package", "build", "--id", id, "--version", "1.0.0", "--from", src.toString(), "--out", p(id + ".car"),
                "--category", category);
        ok("package", "sign", "--key", p("bea.key"), p(id + ".car"));
        return tmp.resolve(id + ".car");
    }

    @Test
    void anotherStoresKeyringCountsOnlyThroughTheCrossCertificationAndKeepsItsRevocations() throws Exception {
        Path chess = app("org.b.chess", "games");
        fails(ExitCodes.FAILURE, "none of the 2 keys is a key this store certified: certify the other store's root "
                + "first", "store", "import", "--dir", a, "--store", p("b-keyring.asc"));
        ok("store", "certify", "--dir", a, "--cert", p("b-root.asc"), "--level", "developer", "--scope", "category:games");
        fails(ExitCodes.REFUSED, "no certificate for issuer", "store", "add", "--dir", a, chess.toString());
        assertTrue(ok("store", "import", "--dir", a, "--store", p("b-keyring.asc")).out.contains("1 certified key(s)"));
        assertTrue(ok("package", "verify", "--dir", a, chess.toString()).out.contains("whose root this store "
                + "cross-certified for scope category:games"));
        ok("store", "add", "--dir", a, chess.toString());
        fails(ExitCodes.REFUSED, "refusing org.b.notes", "store", "add", "--dir", a, app("org.b.notes", "tools").toString());

        // B revokes Bea; A learns it with B's keyring, and an older copy imported later does not undo it.
        Path older = Files.copy(tmp.resolve("b-keyring.asc"), tmp.resolve("b-keyring-old.asc"));
        ok("store", "revoke", "--yes", "--dir", b, "--cert", p("bea.asc"), "--reason", "compromised");
        Files.writeString(tmp.resolve("b-keyring.asc"), ok("store", "keyring", "--dir", b).out);
        ok("store", "import", "--dir", a, "--store", p("b-keyring.asc"));
        ok("store", "import", "--dir", a, "--store", older.toString());
        Cli explained = fails(ExitCodes.REFUSED, "org.b.chess", "trust", "explain", "--dir", a, "org.b.chess");
        assertTrue(explained.out.contains("spurious"), explained.toString());
    }
}
