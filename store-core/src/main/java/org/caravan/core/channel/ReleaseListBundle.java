package org.caravan.core.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.CatalogFormatException;
import org.caravan.core.catalog.ZipParts;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;

/**
 * A release list as it travels: {@code releases-N.crel}, a ZIP holding {@code releases.json} (canonical
 * JSON) and {@code releases.json.asc} (the developer's detached signature over it).
 */
public record ReleaseListBundle(byte[] json, byte[] signature) {
    public static final String LIST = "releases.json";
    public static final String SIGNATURE = "releases.json.asc";
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    public static String fileName(long sequence) {
        return "releases-" + sequence + ".crel";
    }

    public static ReleaseListBundle sign(ReleaseList list, SecretKey developer, Instant now) {
        if (!developer.fingerprint().hex().equals(list.developer())) {
            throw new IllegalArgumentException("a release list of " + list.developer() + " cannot be signed by "
                    + developer.fingerprint().hex());
        }
        try {
            byte[] json = CatalogCodec.mapper().writeValueAsBytes(list);
            return new ReleaseListBundle(json, DetachedSignatures.sign(developer, json, now).getBytes(StandardCharsets.US_ASCII));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a release list", e);
        }
    }

    /** The list, if the signature was made by {@code developer} and the list names that key. */
    public ReleaseList verify(Certificate developer) {
        List<SignatureCheck> checks = DetachedSignatures.verify(json, signature, List.of(developer));
        boolean signed = checks.stream().anyMatch(c -> c instanceof SignatureCheck.Valid v
                && v.signer().equals(developer.fingerprint()));
        if (!signed) {
            throw new CatalogFormatException("release list is not signed by " + developer.userId() + " ["
                    + developer.fingerprint().hex() + "]");
        }
        ReleaseList list;
        try {
            list = CatalogCodec.mapper().readValue(json, ReleaseList.class);
        } catch (IOException e) {
            throw new CatalogFormatException("releases.json is not a valid release list: " + e.getMessage(), e);
        }
        if (!list.developer().equals(developer.fingerprint().hex())) {
            throw new CatalogFormatException("release list names developer " + list.developer() + ", not the key that signed it");
        }
        return list;
    }

    public void write(Path file) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put(LIST, json);
        parts.put(SIGNATURE, signature);
        ZipParts.write(file, parts);
    }

    public static ReleaseListBundle read(Path file) throws IOException {
        Map<String, byte[]> parts = ZipParts.read(file, Set.of(LIST, SIGNATURE), MAX_BYTES, Map.of(), "a release list");
        if (!parts.containsKey(LIST) || !parts.containsKey(SIGNATURE)) {
            throw new CatalogFormatException(file.getFileName() + " lacks " + LIST + " or " + SIGNATURE);
        }
        return new ReleaseListBundle(parts.get(LIST), parts.get(SIGNATURE));
    }
}
