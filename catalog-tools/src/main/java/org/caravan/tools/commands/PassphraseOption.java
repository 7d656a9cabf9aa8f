package org.caravan.tools.commands;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.key.KeyPassphrase;
import picocli.CommandLine.Option;

/**
 * Where the passphrase of a protected secret key comes from, for every command that signs, key by key: the
 * first line of the file named by the key's fingerprint in {@code --passphrase-dir DIR} (else
 * {@code $CARAVAN_PASSPHRASE_DIR}), when there is one; else of {@code --passphrase-file FILE}, else of the
 * file named by {@code $CARAVAN_PASSPHRASE_FILE}; else the terminal asks. A key that is not protected never
 * asks. The folder is what a store with several protected roots (each with its own passphrase) needs in
 * unattended use: no file is tried against a key it was not named for, so a wrong one is that key's.
 */
final class PassphraseOption {
    static final String ENV = "CARAVAN_PASSPHRASE_FILE";
    static final String DIR_ENV = "CARAVAN_PASSPHRASE_DIR";

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "The passphrase of protected secret keys: the first line of FILE (default: the file named by "
                    + "$" + ENV + ", else asked in the terminal).")
    Path file;

    @Option(names = "--passphrase-dir", paramLabel = "DIR",
            description = "One passphrase file per key, named by the key's fingerprint (40 hex digits): "
                    + "DIR/FINGERPRINT's first line is that key's passphrase; keys without a file there fall back to "
                    + "--passphrase-file (default: $" + DIR_ENV + ").")
    Path dir;

    /** Asks for the passphrase of an existing key. */
    KeyPassphrase source() {
        return key -> {
            Path own = fileFor(key.fingerprint().hex());
            if (own != null) {
                return read(own);
            }
            Path f = passphraseFile();
            if (f != null) {
                return read(f);
            }
            Console console = System.console();
            if (console != null) {
                return console.readPassword("Passphrase of %s: ", key);
            }
            throw new KeyFormatException("secret key " + key + " is protected by a passphrase: give it with "
                    + "--passphrase-file FILE or $" + ENV + ", or --passphrase-dir DIR (a file named "
                    + key.fingerprint().hex() + " there) or $" + DIR_ENV + ", or run in a terminal");
        };
    }

    /**
     * The passphrase for a new key, from the file or typed twice in the terminal; null when there is neither.
     */
    char[] forNewKey() {
        Path f = passphraseFile();
        if (f != null) {
            return read(f);
        }
        return typedTwice();
    }

    /** A new passphrase typed twice in the terminal; null without a terminal. */
    static char[] typedTwice() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        char[] first = console.readPassword("Passphrase for the new key: ");
        char[] again = console.readPassword("The same passphrase again: ");
        try {
            if (first == null || first.length == 0) {
                throw new IllegalArgumentException("the passphrase is empty (pass --no-passphrase for an unprotected key)");
            }
            if (!Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passphrases differ; nothing was written");
            }
            return first;
        } finally {
            if (again != null) {
                Arrays.fill(again, '\0');
            }
        }
    }

    /** The passphrase folder's file for the key {@code fingerprint} (any letter case), or null. */
    private Path fileFor(String fingerprint) {
        Path d = dir;
        if (d == null) {
            String env = System.getenv(DIR_ENV);
            d = env == null || env.isBlank() ? null : Path.of(env);
        }
        if (d == null) {
            return null;
        }
        if (!Files.isDirectory(d)) {
            throw new KeyFormatException("the passphrase folder " + d + " does not exist (it holds one file per key, "
                    + "named by the key's fingerprint)");
        }
        try (java.util.stream.Stream<Path> files = Files.list(d)) {
            return files.filter(p -> p.getFileName().toString().equalsIgnoreCase(fingerprint)).findFirst().orElse(null);
        } catch (IOException e) {
            throw new KeyFormatException("cannot read the passphrase folder " + d + ": " + e, e);
        }
    }

    private Path passphraseFile() {
        if (file != null) {
            return file;
        }
        String env = System.getenv(ENV);
        return env == null || env.isBlank() ? null : Path.of(env);
    }

    /** The first line of {@code f}, without its line end. */
    private static char[] read(Path f) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (IOException e) {
            throw new KeyFormatException("cannot read the passphrase file " + f + ": " + e, e);
        }
        try {
            int end = 0;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            if (end == 0) {
                throw new KeyFormatException("the passphrase file " + f + " is empty: its first line is the passphrase");
            }
            java.nio.CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(bytes, 0, end));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(chars.array(), '\0');
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
