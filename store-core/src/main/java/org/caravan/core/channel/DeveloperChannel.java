package org.caravan.core.channel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.net.ChannelPointer;
import org.caravan.core.net.InfoHash;
import org.caravan.core.net.PeerNode;
import org.caravan.core.net.StoreMagnet;
import org.caravan.core.pkg.Manifest;
import org.caravan.core.pkg.PackageReader;
import org.caravan.core.pkg.SignatureFiles;
import org.caravan.keyring.key.SecretKey;

/**
 * A certified developer's own channel: their signed release list, pointed to by a BEP 46 item under
 * their key, so a store that serves can admit their releases without a maintainer's hand.
 * The list's sequence number is kept in {@code workDir/channel-sequence}.
 */
public final class DeveloperChannel {
    /** The salt of every developer channel: the channel's key is the developer's Ed25519 key. */
    public static final byte[] SALT = "caravan-releases".getBytes(StandardCharsets.UTF_8);

    private DeveloperChannel() {}

    public static StoreMagnet magnet(SecretKey developer) {
        return new StoreMagnet(developer.certificate().ed25519PublicKey(), SALT);
    }

    /**
     * Seeds the packages (each with its {@code .asc} signatures beside it), signs a new release list
     * naming them, seeds it and puts the pointer. Returns the list's sequence number.
     */
    public static long publish(SecretKey developer, List<Path> packages, Path workDir, PeerNode node, Instant now)
            throws IOException {
        if (packages.isEmpty()) {
            throw new IllegalArgumentException("nothing to publish: name at least one package");
        }
        Files.createDirectories(workDir);
        List<ListedRelease> listed = new ArrayList<>();
        for (Path car : packages) {
            if (!Files.isRegularFile(car)) {
                throw new IllegalArgumentException("no such package file: " + car);
            }
            Manifest m = PackageReader.readManifest(car);
            List<String> signatures = new ArrayList<>();
            for (Path sig : SignatureFiles.beside(car)) {
                signatures.add(SignatureFiles.readArmored(sig));
            }
            if (signatures.isEmpty()) {
                throw new IllegalArgumentException("no signature beside " + car + " (caravan package sign first)");
            }
            InfoHash ih = node.seed(car);
            listed.add(new ListedRelease(m.id(), m.version().toString(), m.type().text(), m.name(), m.summary(),
                    m.category(), car.getFileName().toString(), ih.hex(), Sha256.hex(car), Files.size(car), signatures));
        }
        Path seqFile = workDir.resolve("channel-sequence");
        long sequence = Files.exists(seqFile) ? Long.parseLong(Files.readString(seqFile).trim()) + 1 : 1;
        ReleaseList list = new ReleaseList(ReleaseList.FORMAT_VERSION, developer.fingerprint().hex(), sequence, now, listed);
        Path file = workDir.resolve(ReleaseListBundle.fileName(sequence));
        ReleaseListBundle.sign(list, developer, now).write(file);
        InfoHash ih = node.seed(file);
        node.putPointer(developer.ed25519Seed(), SALT, new ChannelPointer(ih, sequence));
        Files.writeString(seqFile, Long.toString(sequence));
        return sequence;
    }
}
