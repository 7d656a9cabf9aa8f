package org.caravan.keyring.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.TrustWeb;

/** Real signatures over a fixed package, checked against a store's web, for trust tests. */
public final class Signing {
    public static final byte[] PACKAGE = "org.example package bytes\n".getBytes(StandardCharsets.UTF_8);

    private Signing() {}

    /** Each named persona signs {@link #PACKAGE} at {@code at}; every signature is checked against the web's keys. */
    public static List<SignatureCheck> checks(TrustWeb web, Instant at, String... personas) {
        List<SecretKey> keys = new ArrayList<>();
        for (String p : personas) {
            keys.add(Personas.secretKey(p));
        }
        return checks(web, at, keys.toArray(SecretKey[]::new));
    }

    /**
     * As {@link #checks(TrustWeb, Instant, SecretKey...)}, the signatures made by each primary key without
     * Caravan's checks before signing ({@link RawSignatures}): what an older Caravan or another tool made with
     * a key Caravan now refuses to sign with (weak, not yet valid), for tests of the verifier.
     */
    public static List<SignatureCheck> uncheckedChecks(TrustWeb web, Instant at, SecretKey... keys) {
        List<Certificate> candidates = new ArrayList<>(web.roots());
        candidates.addAll(web.keys());
        List<SignatureCheck> out = new ArrayList<>();
        for (SecretKey k : keys) {
            String sig = RawSignatures.data(k, PACKAGE, at);
            out.addAll(DetachedSignatures.verify(PACKAGE, sig.getBytes(StandardCharsets.US_ASCII), candidates));
        }
        return out;
    }

    public static List<SignatureCheck> checks(TrustWeb web, Instant at, SecretKey... keys) {
        List<Certificate> candidates = new ArrayList<>(web.roots());
        candidates.addAll(web.keys());
        List<SignatureCheck> out = new ArrayList<>();
        for (SecretKey k : keys) {
            String sig = DetachedSignatures.sign(k, PACKAGE, at);
            out.addAll(DetachedSignatures.verify(PACKAGE, sig.getBytes(StandardCharsets.US_ASCII), candidates));
        }
        return out;
    }
}
