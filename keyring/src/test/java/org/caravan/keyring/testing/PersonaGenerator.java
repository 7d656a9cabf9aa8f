package org.caravan.keyring.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.RevocationReason;
import org.caravan.keyring.trust.Scope;
import org.caravan.keyring.trust.StoreAuthority;

/**
 * Makes the persona fixtures under {@code keyring/src/test/resources/personas/} ONCE; they are checked
 * in, so tests never depend on the wall clock or on fresh randomness. Times come from {@link Personas}.
 * Re-running it keeps the secret keys already in the folder (so fingerprints stay) and rewrites the
 * store's signatures; delete a key file to make a new key, then paste the printed constants into
 * {@link Personas} (PersonasTest fails until they match).
 *
 * <pre>
 * cd /work/main/keyring &amp;&amp; mvn -o -q test-compile &amp;&amp; java -cp "target/test-classes:target/classes:$(mvn -o -q \
 *   dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" org.caravan.keyring.testing.PersonaGenerator \
 *   src/test/resources/personas
 * </pre>
 */
public final class PersonaGenerator {
    private PersonaGenerator() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/personas");
        Files.createDirectories(dir);
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String name : Personas.NAMES) {
            // Existing keys are kept, so adding a signature does not change every fingerprint.
            Path existing = dir.resolve(name + ".key.asc");
            keys.put(name, Files.exists(existing) ? SecretKey.read(existing)
                    : SecretKey.generate(Personas.userIdOf(name), Personas.CREATED));
        }
        SecretKey root = keys.get("root");
        SecretKey secondRoot = keys.get("second-root");
        Map<String, Certificate> certs = new LinkedHashMap<>();
        certs.put("maintainer", StoreAuthority.certify(root, cert(keys, "maintainer"), Level.MAINTAINER, Scope.GLOBAL,
                Personas.CERTIFIED, null));
        certs.put("mentor", StoreAuthority.certify(secondRoot, cert(keys, "mentor"), Level.MENTOR,
                Scope.parse(Personas.MENTOR_SCOPE), Personas.CERTIFIED, null));
        certs.put("developer", StoreAuthority.certify(root, cert(keys, "developer"), Level.DEVELOPER,
                Scope.parse(Personas.DEVELOPER_SCOPE), Personas.CERTIFIED, null));
        certs.put("newcomer", StoreAuthority.certify(root, cert(keys, "newcomer"), Level.NEWCOMER,
                Scope.parse(Personas.NEWCOMER_SCOPE), Personas.CERTIFIED, null));
        Certificate hard = StoreAuthority.certify(root, cert(keys, "revoked-hard"), Level.DEVELOPER, Scope.GLOBAL,
                Personas.CERTIFIED, null);
        certs.put("revoked-hard", StoreAuthority.revoke(root, hard, RevocationReason.COMPROMISED,
                "private key leaked", Personas.REVOKED_AT));
        Certificate soft = StoreAuthority.certify(root, cert(keys, "revoked-soft"), Level.DEVELOPER, Scope.GLOBAL,
                Personas.CERTIFIED, null);
        certs.put("revoked-soft", StoreAuthority.revoke(root, soft, RevocationReason.RETIRED,
                "moved on to other work", Personas.REVOKED_AT));
        certs.put("expired", StoreAuthority.certify(root, cert(keys, "expired"), Level.DEVELOPER, Scope.GLOBAL,
                Personas.CERTIFIED, Personas.CERTIFICATION_EXPIRES));
        // Listed in the store's keyring but certified by nobody the store trusts: an outsider.
        certs.put("outsider", cert(keys, "outsider"));

        for (Map.Entry<String, SecretKey> e : keys.entrySet()) {
            Files.writeString(dir.resolve(e.getKey() + ".key.asc"), e.getValue().armored(), StandardCharsets.US_ASCII);
        }
        Files.writeString(dir.resolve("roots.asc"),
                Certificate.armoredKeyring(List.of(root.certificate(), secondRoot.certificate())), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("store-keyring.asc"), Certificate.armoredKeyring(new ArrayList<>(certs.values())),
                StandardCharsets.US_ASCII);

        StringBuilder constants = new StringBuilder();
        for (Map.Entry<String, SecretKey> e : keys.entrySet()) {
            constants.append("    public static final Fingerprint ")
                    .append(e.getKey().toUpperCase(java.util.Locale.ROOT).replace('-', '_'))
                    .append(" = Fingerprint.of(\"").append(e.getValue().fingerprint().hex()).append("\");\n");
        }
        System.out.print(constants);
    }

    private static Certificate cert(Map<String, SecretKey> keys, String name) {
        return keys.get(name).certificate();
    }
}
