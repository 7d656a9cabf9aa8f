package org.caravan.core.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.sign.SignaturePackets;

/**
 * Where a package's detached signatures lie: {@code X.car.asc} and {@code X.car.*.asc} (co-signers) beside it,
 * armored, and {@code X.car.sig} and {@code X.car.*.sig}, binary (what {@code gpg --detach-sign} and
 * {@code sq sign --detached --binary} write). Every one of them counts; a store records each armored.
 */
public final class SignatureFiles {
    private SignatureFiles() {}

    public static List<Path> beside(Path car) throws IOException {
        String base = car.getFileName().toString();
        Path parent = car.toAbsolutePath().getParent();
        try (Stream<Path> files = Files.list(parent)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(base + ".") && (n.endsWith(".asc") || n.endsWith(".sig"))
                        && Files.isRegularFile(p);
            }).sorted().toList();
        }
    }

    /**
     * The signatures of one signature file as armored text, a binary {@code .sig} armored. Data that is no
     * OpenPGP signature is returned as it is: verifying it then reports it invalid, naming the reason.
     */
    public static String readArmored(Path signatureFile) throws IOException {
        byte[] data = Files.readAllBytes(signatureFile);
        try {
            return SignaturePackets.armored(data);
        } catch (KeyFormatException e) {
            return new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
