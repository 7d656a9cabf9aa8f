package org.caravan.tools.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.key.KeyListing;
import org.caravan.keyring.trust.Certification;
import org.caravan.keyring.trust.RevocationReason;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caravan key show FILE}: what {@code gpg --show-keys} tells, plus Caravan's certifications on the key. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show the keys in a certificate or secret key file (armored or binary, one or several), as "
                + "gpg --show-keys does: fingerprint, algorithm, dates, usage ([SC] sign and certify, [E] encrypt, "
                + "[A] authenticate), user ids, revocations, whether the file holds the secret (sec) or only a GnuPG "
                + "stub (sec#, sec> on a smartcard), and certifications by other keys with their Caravan level and "
                + "scope. Nothing is verified against a store: caravan store keys and trust explain say what counts. "
                + "Exit 0, or 1 when the file is missing or not an OpenPGP key.")
public final class KeyShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOutput.Flag json;

    @Parameters(paramLabel = "FILE", description = "A certificate (.asc) or secret key file.")
    Path file;

    @Override
    public Integer call() throws Exception {
        List<KeyListing> keys;
        try {
            keys = KeyListing.parse(Files.readAllBytes(file));
        } catch (KeyFormatException e) {
            throw new KeyFormatException(file + ": " + e.getMessage(), e);
        }
        Instant now = Instant.now();
        PrintWriter out = spec.commandLine().getOut();
        if (json.json) {
            ObjectNode doc = JsonOutput.document("keys");
            doc.put("file", file.toString());
            ArrayNode a = doc.putArray("keys");
            for (KeyListing k : keys) {
                a.add(json(k));
            }
            JsonOutput.print(out, doc);
            return 0;
        }
        boolean first = true;
        for (KeyListing k : keys) {
            if (!first) {
                out.println();
            }
            first = false;
            print(out, k, now);
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, KeyListing k, Instant now) {
        component(out, k.secretKey() ? "sec" : "pub", k.primary(), now);
        List<Certification> certs = Certification.readFrom(k.certificate());
        for (KeyListing.UserId u : k.userIds()) {
            out.println(String.format("%-5s %s%s", "uid", u.revoked() ? "[revoked] " : "", u.userId()));
            for (Certification c : certs) {
                if (c.userId().equals(u.userId())) {
                    out.println("      " + describe(c, now));
                }
            }
        }
        for (KeyListing.Component s : k.subkeys()) {
            component(out, k.secretKey() ? "ssb" : "sub", s, now);
        }
    }

    private static void component(PrintWriter out, String tag, KeyListing.Component c, Instant now) {
        String mark = switch (c.secret()) {
            case STUB -> "#";
            case CARD -> ">";
            default -> "";
        };
        StringBuilder b = new StringBuilder(String.format("%-5s %s %s [%s]", tag + mark, c.algorithm(),
                JsonOutput.day(c.created()), c.usage()));
        if (c.revocation() != null) {
            b.append(" [revoked: ").append(JsonOutput.day(c.revocation().at())).append(", ")
                    .append(reason(c.revocation())).append(']');
        } else if (c.expires() != null) {
            b.append(c.expires().isAfter(now) ? " [expires: " : " [expired: ").append(JsonOutput.day(c.expires())).append(']');
        }
        switch (c.secret()) {
            case PROTECTED -> b.append("  secret: protected by a passphrase");
            case PRESENT -> b.append("  secret: unprotected");
            case STUB -> b.append("  secret: not in this file (GnuPG stub)");
            case CARD -> b.append("  secret: on a smartcard (GnuPG stub)");
            default -> { }
        }
        out.println(b);
        out.println("      " + c.fingerprint());
    }

    private static String reason(KeyListing.Revocation r) {
        if (r.reasonCode() < 0) {
            return "no reason given, hard";
        }
        RevocationReason reason = RevocationReason.fromOpenPgpCode(r.reasonCode());
        return reason + (reason.hard() ? ", hard" : ", soft") + (r.comment().isBlank() ? "" : ": " + r.comment());
    }

    private static String issuer(Certification c) {
        return c.issuer() != null ? c.issuer().hex() : "key id " + c.issuerKeyId();
    }

    private static String describe(Certification c, Instant now) {
        if (c instanceof Certification.Granted g) {
            StringBuilder b = new StringBuilder("certified ").append(JsonOutput.day(g.signedAt())).append(" by ")
                    .append(issuer(g));
            if (g.level() != null || g.scope() != null) {
                b.append(": Caravan level ").append(g.level() == null ? "none" : g.level().name())
                        .append(", scope ").append(g.scope() == null ? "none" : g.scope().value());
            }
            if (g.expires() != null) {
                b.append(g.expiredAt(now) ? ", expired " : ", expires ").append(JsonOutput.day(g.expires()));
            }
            return b.toString();
        }
        Certification.Revoked r = (Certification.Revoked) c;
        return "certification revoked " + JsonOutput.day(r.signedAt()) + " by " + issuer(r) + ": "
                + (r.reasonGiven() ? r.reason() : "no reason given") + (r.hard() ? " (hard)" : " (soft)")
                + (r.comment() == null || r.comment().isBlank() ? "" : ": " + r.comment());
    }

    static ObjectNode json(KeyListing k) {
        ObjectNode n = JsonOutput.object();
        n.put("fingerprint", k.fingerprint().hex());
        n.put("secretKey", k.secretKey());
        n.set("primary", json(k.primary()));
        ArrayNode subs = n.putArray("subkeys");
        k.subkeys().forEach(s -> subs.add(json(s)));
        ArrayNode uids = n.putArray("userIds");
        for (KeyListing.UserId u : k.userIds()) {
            uids.addObject().put("userId", u.userId()).put("primary", u.primary()).put("revoked", u.revoked());
        }
        ArrayNode certs = n.putArray("certifications");
        for (Certification c : Certification.readFrom(k.certificate())) {
            certs.add(json(c));
        }
        return n;
    }

    static ObjectNode json(Certification c) {
        ObjectNode o = JsonOutput.object();
        o.put("type", c instanceof Certification.Granted ? "certification" : "revocation");
        o.put("userId", c.userId());
        JsonOutput.text(o, "issuer", c.issuer() == null ? null : c.issuer().hex());
        o.put("issuerKeyId", c.issuerKeyId());
        JsonOutput.time(o, "signedAt", c.signedAt());
        if (c instanceof Certification.Granted g) {
            JsonOutput.text(o, "level", g.level() == null ? null : g.level().name());
            JsonOutput.text(o, "scope", g.scope() == null ? null : g.scope().value());
            JsonOutput.time(o, "expires", g.expires());
        } else if (c instanceof Certification.Revoked r) {
            JsonOutput.text(o, "reason", r.reasonGiven() ? r.reason().toString() : null);
            o.put("hard", r.hard());
            o.put("comment", r.comment() == null ? "" : r.comment());
        }
        return o;
    }

    private static ObjectNode json(KeyListing.Component c) {
        ObjectNode o = JsonOutput.object();
        o.put("fingerprint", c.fingerprint());
        o.put("algorithm", c.algorithm());
        JsonOutput.time(o, "created", c.created());
        JsonOutput.time(o, "expires", c.expires());
        o.put("usage", c.usage());
        o.put("secret", c.secret().label());
        if (c.revocation() == null) {
            o.putNull("revocation");
        } else {
            KeyListing.Revocation r = c.revocation();
            ObjectNode rv = o.putObject("revocation");
            JsonOutput.time(rv, "at", r.at());
            rv.put("by", r.by());
            JsonOutput.text(rv, "reason", r.reasonCode() < 0 ? null : RevocationReason.fromOpenPgpCode(r.reasonCode()));
            rv.put("hard", r.reasonCode() < 0 || RevocationReason.fromOpenPgpCode(r.reasonCode()).hard());
            rv.put("comment", r.comment());
        }
        return o;
    }
}
