package org.caravan.core.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.seal.KeyWrap;

/**
 * The subscribers of a private store: {@code STORE/subscribers/FINGERPRINT.asc}, one certificate each. The folder's
 * existence is what makes a store private. A change is marked ({@code .changed}) so the next publication makes a
 * new generation: an added subscriber reads from it on, a removed one reads nothing newer.
 */
public final class Subscribers {
    static final String FOLDER = "subscribers";
    private static final String CHANGED = ".changed";
    private final Path dir;

    Subscribers(Path storeDir) {
        this.dir = storeDir.resolve(FOLDER);
    }

    /** The subscribers of the private store in {@code storeDir}. */
    public static Subscribers of(Path storeDir) {
        Subscribers s = new Subscribers(storeDir);
        if (!s.isPrivate()) {
            throw new StoreException("the store in " + storeDir + " is not private (make a private store with "
                    + "caravan store init ... --private)");
        }
        return s;
    }

    boolean isPrivate() {
        return Files.isDirectory(dir);
    }

    void create() throws IOException {
        Files.createDirectories(dir);
    }

    /**
     * Adds a subscriber; it reads generations published from now on.
     *
     * @throws IllegalArgumentException when the certificate cannot receive encrypted data
     */
    public boolean add(Certificate subscriber) throws IOException {
        // Wrapping now names a certificate without an encryption key before it can stop a publication.
        KeyWrap.wrap(new byte[32], List.of(subscriber), false);
        Path f = dir.resolve(subscriber.fingerprint().hex() + ".asc");
        boolean added = !Files.exists(f);
        StoreDirectory.writeAtomically(f, subscriber.armored().getBytes(StandardCharsets.US_ASCII));
        markChanged();
        return added;
    }

    /** Removes a subscriber; the next generation is wrapped without it. */
    public boolean remove(Fingerprint subscriber) throws IOException {
        boolean removed = Files.deleteIfExists(dir.resolve(subscriber.hex() + ".asc"));
        if (removed) {
            markChanged();
        }
        return removed;
    }

    public List<Certificate> list() throws IOException {
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.asc")) {
            s.forEach(files::add);
        }
        List<Certificate> out = new ArrayList<>();
        for (Path f : files) {
            out.add(Certificate.read(f));
        }
        return out;
    }

    private void markChanged() throws IOException {
        Files.write(dir.resolve(CHANGED), new byte[0]);
    }

    boolean changed() {
        return Files.exists(dir.resolve(CHANGED));
    }

    void published() throws IOException {
        Files.deleteIfExists(dir.resolve(CHANGED));
    }
}
