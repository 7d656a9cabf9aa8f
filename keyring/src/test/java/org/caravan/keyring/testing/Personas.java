package org.caravan.keyring.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.trust.TrustWeb;

/**
 * Named test keys of one store, checked in as armored files (made once by {@link PersonaGenerator}).
 * Shared with store-core's and catalog-tools' tests through keyring's test-jar.
 *
 * <table>
 * <caption>Who is who (all keys created {@link #CREATED}, certified {@link #CERTIFIED})</caption>
 * <tr><td>root, second-root</td><td>the store's two root keys</td></tr>
 * <tr><td>maintainer</td><td>maintainer, global, by root</td></tr>
 * <tr><td>mentor</td><td>mentor, {@value #MENTOR_SCOPE}, by second-root</td></tr>
 * <tr><td>developer</td><td>developer, {@value #DEVELOPER_SCOPE}, by root</td></tr>
 * <tr><td>newcomer</td><td>newcomer, {@value #NEWCOMER_SCOPE}, by root</td></tr>
 * <tr><td>revoked-hard</td><td>developer, global, by root; revoked (compromised) at {@link #REVOKED_AT}</td></tr>
 * <tr><td>revoked-soft</td><td>developer, global, by root; revoked (retired) at {@link #REVOKED_AT}</td></tr>
 * <tr><td>expired</td><td>developer, global, by root; the certification expires at {@link #CERTIFICATION_EXPIRES}</td></tr>
 * <tr><td>outsider</td><td>listed in the store's keyring, certified by nobody</td></tr>
 * </table>
 */
public final class Personas {
    public static final List<String> NAMES = List.of("root", "second-root", "maintainer", "mentor", "developer",
            "newcomer", "revoked-hard", "revoked-soft", "expired", "outsider");

    public static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    public static final Instant CERTIFIED = Instant.parse("2026-01-02T00:00:00Z");
    /** A time when every certification holds and nothing is revoked yet: sign packages here. */
    public static final Instant SIGNED = Instant.parse("2026-02-01T00:00:00Z");
    public static final Instant REVOKED_AT = Instant.parse("2026-03-01T00:00:00Z");
    public static final Instant CERTIFICATION_EXPIRES = Instant.parse("2026-03-01T00:00:00Z");
    /** A reference time after the revocations and the expiry. */
    public static final Instant LATER = Instant.parse("2026-04-01T00:00:00Z");

    public static final String DEVELOPER_SCOPE = "app:org.example.editor";
    public static final String NEWCOMER_SCOPE = "app:org.example.hello";
    public static final String MENTOR_SCOPE = "category:games";

    // Printed by PersonaGenerator; PersonasTest checks them against the files.
    public static final Fingerprint ROOT = Fingerprint.of("D8AD5E997D6FF4F5B31C378D4B7E5D5ED01176CA");
    public static final Fingerprint SECOND_ROOT = Fingerprint.of("17C17829D724B16A0A3C19307A5972C01295BBA9");
    public static final Fingerprint MAINTAINER = Fingerprint.of("F41F62C461C92C31B42DDC1F585F101478102512");
    public static final Fingerprint MENTOR = Fingerprint.of("D55FB0CCE2F6C3244028B5FA17639D3140E51513");
    public static final Fingerprint DEVELOPER = Fingerprint.of("E7848A4CA7092C0B95E668162D52AB7F189B849C");
    public static final Fingerprint NEWCOMER = Fingerprint.of("5A5F7ABA874DF0B37FEF7BD24AD86B15343268A1");
    public static final Fingerprint REVOKED_HARD = Fingerprint.of("5FB4C4C4B86D2EDBE0EEC49B961EFF4164E355B6");
    public static final Fingerprint REVOKED_SOFT = Fingerprint.of("9D5F5C8989833C69F9E8C38CA2A55E3EF0A5EA6E");
    public static final Fingerprint EXPIRED = Fingerprint.of("709B927EF914FA94B98AEB4B00FDA3C8F3E1F860");
    public static final Fingerprint OUTSIDER = Fingerprint.of("00DAA16C5A15B27158907D8F3544047DF3D23977");

    private static final Map<String, SecretKey> SECRET = new ConcurrentHashMap<>();
    private static volatile List<Certificate> roots;
    private static volatile List<Certificate> keyring;

    private Personas() {}

    public static String userIdOf(String name) {
        String display = Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('-', ' ');
        return display + " <" + name + "@caravan.test>";
    }

    /** The persona's secret key (no third-party signatures; see {@link #certificate}). */
    public static SecretKey secretKey(String name) {
        check(name);
        return SECRET.computeIfAbsent(name, n -> SecretKey.parse(resource(n + ".key.asc")));
    }

    /** The persona's certificate as the store publishes it, with the store's certifications and revocations. */
    public static Certificate certificate(String name) {
        check(name);
        Fingerprint fp = secretKey(name).fingerprint();
        for (Certificate c : roots()) {
            if (c.fingerprint().equals(fp)) {
                return c;
            }
        }
        for (Certificate c : keyring()) {
            if (c.fingerprint().equals(fp)) {
                return c;
            }
        }
        throw new IllegalStateException("persona " + name + " is missing from roots.asc and store-keyring.asc");
    }

    public static Fingerprint fingerprint(String name) {
        return secretKey(name).fingerprint();
    }

    /** The store's root certificates: root and second-root. */
    public static List<Certificate> roots() {
        if (roots == null) {
            roots = Certificate.parseAll(resource("roots.asc"));
        }
        return roots;
    }

    /** The store's keyring: every non-root persona with its certifications. */
    public static List<Certificate> keyring() {
        if (keyring == null) {
            keyring = Certificate.parseAll(resource("store-keyring.asc"));
        }
        return keyring;
    }

    /** The store's web of trust: two roots, and every other persona's certificate. */
    public static TrustWeb web() {
        return new TrustWeb(roots(), keyring());
    }

    /** Raw bytes of a file under personas/, e.g. {@code store-keyring.asc}. */
    public static byte[] resource(String file) {
        try (InputStream in = Personas.class.getResourceAsStream("/personas/" + file)) {
            if (in == null) {
                throw new IllegalStateException("persona fixture /personas/" + file + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read persona fixture " + file, e);
        }
    }

    private static void check(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no persona '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        }
    }

    static String constantName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
