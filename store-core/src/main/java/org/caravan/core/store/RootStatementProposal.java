package org.caravan.core.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.sign.SignatureCheck;

/**
 * A statement the roots sign, carried between machines to be approved there ({@code caravan store approve}),
 * as a rotation is: an online key's delegation ({@code online-key}) or a policy ({@code policy}). {@code text}
 * is exactly the bytes they sign (docs/protocol.md, section 5b), so a holder sees what they approve.
 *
 * @param certificate for {@code online-key}: the online key's armored certificate; else empty
 */
public record RootStatementProposal(
        @JsonProperty("format") String format,
        @JsonProperty("storeKey") String storeKey,
        @JsonProperty("kind") String kind,
        @JsonProperty("text") String text,
        @JsonProperty("certificate") String certificate,
        @JsonProperty("signatures") List<String> signatures) {
    public static final String FORMAT = "caravan-root-statement 1";
    public static final String ONLINE_KEY = "online-key";
    public static final String POLICY = "policy";
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    public RootStatementProposal {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("not a root statement proposal (format '" + format + "', expected '"
                    + FORMAT + "')");
        }
        if (storeKey == null || !KEY.matcher(storeKey).matches()) {
            throw new IllegalArgumentException("root statement proposal: bad store key '" + storeKey + "'");
        }
        if (!ONLINE_KEY.equals(kind) && !POLICY.equals(kind)) {
            throw new IllegalArgumentException("root statement proposal: kind must be online-key or policy, not '" + kind
                    + "'");
        }
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("root statement proposal: no statement text");
        }
        certificate = certificate == null ? "" : certificate;
        signatures = List.copyOf(signatures == null ? List.of() : signatures);
    }

    public byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether one of the signatures is a valid one by {@code root} over the statement. */
    public boolean signedBy(Certificate root) {
        for (String s : signatures) {
            for (SignatureCheck c : org.caravan.keyring.sign.DetachedSignatures.verify(bytes(),
                    s.getBytes(StandardCharsets.US_ASCII), List.of(root))) {
                if (c instanceof SignatureCheck.Valid) {
                    return true;
                }
            }
        }
        return false;
    }

    public RootStatementProposal withSignature(String armored) {
        List<String> more = new java.util.ArrayList<>(signatures);
        more.add(armored);
        return new RootStatementProposal(format, storeKey, kind, text, certificate, more);
    }

    public static RootStatementProposal read(Path file) throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new StoreException("no such proposal file: " + file);
        }
        if (data.length > RootRotationProposal.MAX_BYTES) {
            throw new StoreException(file + " is not a root statement proposal: " + data.length + " bytes, at most "
                    + RootRotationProposal.MAX_BYTES);
        }
        try {
            return CatalogCodec.mapper().readValue(data, RootStatementProposal.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new StoreException(file + " is not a root statement proposal: " + cause.getMessage().lines()
                    .findFirst().orElse(""), e);
        }
    }

    public void write(Path file) throws IOException {
        StoreDirectory.writeAtomically(file, CatalogCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }
}
