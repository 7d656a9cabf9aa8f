package org.caravan.tools.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.caravan.core.store.StoreDirectory;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.key.KeyListing;
import org.caravan.keyring.trust.Certification;
import org.caravan.keyring.trust.KeyRef;
import org.caravan.keyring.trust.KeyGrants;
import org.caravan.keyring.trust.RevocationReason;
import org.caravan.keyring.trust.TrustEngine;
import org.caravan.keyring.trust.TrustWeb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code caravan store keys}: every key of a store and what the trust engine lets it sign now. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "List every key of a store folder (roots first): user id, fingerprint, the level and scope the "
                + "trust engine grants it now under the store's policy (or why none), expiry, revocations (hard or "
                + "soft, by whom) and who certified it. Exit 0, or 1 when the folder is not a store.")
public final class StoreKeysCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreCommand.DirOption dir;

    @Mixin
    JsonOutput.Flag json;

    @Override
    public Integer call() throws Exception {
        StoreDirectory store = StoreDirectory.open(dir.dir);
        Instant now = Instant.now();
        TrustWeb web = store.trustWeb();
        TrustEngine engine = new TrustEngine(store.policy().trustPolicy());
        Map<Fingerprint, Certificate> all = new LinkedHashMap<>();
        for (Certificate c : web.roots()) {
            all.merge(c.fingerprint(), c, Certificate::mergedWith);
        }
        for (Certificate c : web.keys()) {
            all.merge(c.fingerprint(), c, Certificate::mergedWith);
        }
        PrintWriter out = spec.commandLine().getOut();
        ArrayNode list = null;
        ObjectNode doc = null;
        if (json.json) {
            doc = JsonOutput.document("store-keys");
            doc.put("dir", dir.dir.toString());
            JsonOutput.time(doc, "at", now);
            list = doc.putArray("keys");
        }
        boolean first = true;
        for (Certificate c : all.values()) {
            KeyGrants standing = engine.keyGrants(web, c.fingerprint(), now);
            KeyListing.Revocation self = KeyListing.parse(c.encoded()).get(0).primary().revocation();
            List<Certification> certs = Certification.readFrom(c);
            if (list != null) {
                list.add(json(c, standing, self, certs, all));
                continue;
            }
            if (!first) {
                out.println();
            }
            first = false;
            out.println(c.fingerprint().hex() + "  " + c.userId());
            out.println(String.format("    %-10s %s", "may sign", describe(standing)));
            out.println(String.format("    %-10s %s", "expires", c.expirationTime() == null ? "never"
                    : JsonOutput.when(c.expirationTime()) + (c.expirationTime().isAfter(now) ? "" : " (expired)")));
            if (self != null) {
                out.println(String.format("    %-10s %s", "revoked", "by " + name(self.by(), all) + " at " + JsonOutput.when(self.at()) + ": "
                        + reason(self)));
            }
            for (Certification x : certs) {
                String by = x.issuer() == null ? "key id " + x.issuerKeyId() : name(x.issuer().hex(), all);
                if (x instanceof Certification.Granted g) {
                    out.println(String.format("    %-10s %s", "certified", "by " + by + " at " + JsonOutput.when(g.signedAt())
                            + (g.level() == null ? "" : ": " + g.level().name() + ", scope "
                            + (g.scope() == null ? "none" : g.scope().value()))
                            + (g.expires() == null ? "" : ", until " + JsonOutput.when(g.expires()))));
                } else if (x instanceof Certification.Revoked r) {
                    out.println(String.format("    %-10s %s", "revoked", "certification, by " + by + " at " + JsonOutput.when(r.signedAt())
                            + ": " + (r.reasonGiven() ? r.reason().toString() : "no reason given")
                            + (r.hard() ? " (hard)" : " (soft)")));
                }
            }
        }
        if (doc != null) {
            JsonOutput.print(out, doc);
        } else if (all.isEmpty()) {
            out.println("no keys");
        }
        out.flush();
        return 0;
    }

    private static String describe(KeyGrants s) {
        if (s instanceof KeyGrants.Holds st) {
            List<String> parts = new ArrayList<>();
            for (KeyGrants.Grant g : st.grants()) {
                parts.add(g.level().name() + ", scope " + g.scope().value() + (st.root() ? " (a root of this store)"
                        : " (" + path(g.path()) + (g.basis().isEmpty() ? "" : "; " + g.basis()) + ")"));
            }
            return String.join("; ", parts);
        }
        KeyGrants.None n = (KeyGrants.None) s;
        return "nothing (" + n.rule().label() + "): " + n.reason();
    }

    private static String path(List<KeyRef> path) {
        return String.join(" -> ", path.stream().map(KeyRef::userId).toList());
    }

    private static String name(String fpr, Map<Fingerprint, Certificate> all) {
        for (Certificate c : all.values()) {
            if (c.fingerprint().hex().equals(fpr)) {
                return c.userId() + " [" + fpr + "]";
            }
        }
        return fpr;
    }

    private static String reason(KeyListing.Revocation r) {
        if (r.reasonCode() < 0) {
            return "no reason given (hard)";
        }
        RevocationReason reason = RevocationReason.fromOpenPgpCode(r.reasonCode());
        return reason + (reason.hard() ? " (hard)" : " (soft)") + (r.comment().isBlank() ? "" : ": " + r.comment());
    }

    private static ObjectNode json(Certificate c, KeyGrants s, KeyListing.Revocation self, List<Certification> certs,
            Map<Fingerprint, Certificate> all) {
        ObjectNode o = JsonOutput.object();
        o.put("fingerprint", c.fingerprint().hex());
        o.put("userId", c.userId());
        o.put("root", s instanceof KeyGrants.Holds st && st.root());
        JsonOutput.time(o, "expires", c.expirationTime());
        ArrayNode grants = o.putArray("grants");
        if (s instanceof KeyGrants.Holds st) {
            for (KeyGrants.Grant g : st.grants()) {
                ObjectNode gn = grants.addObject();
                gn.put("level", g.level().name());
                gn.put("rank", g.level().rank());
                gn.put("scope", g.scope().value());
                JsonOutput.keys(gn, "path", g.path());
                gn.put("basis", g.basis());
            }
            o.putNull("refusal");
        } else {
            KeyGrants.None n = (KeyGrants.None) s;
            o.putObject("refusal").put("rule", n.rule().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .put("reason", n.reason());
        }
        if (self == null) {
            o.putNull("revocation");
        } else {
            ObjectNode r = o.putObject("revocation");
            JsonOutput.time(r, "at", self.at());
            r.put("by", self.by());
            JsonOutput.text(r, "reason", self.reasonCode() < 0 ? null : RevocationReason.fromOpenPgpCode(self.reasonCode()));
            r.put("hard", self.reasonCode() < 0 || RevocationReason.fromOpenPgpCode(self.reasonCode()).hard());
        }
        ArrayNode cs = o.putArray("certifications");
        for (Certification x : certs) {
            ObjectNode cn = KeyShowCommand.json(x);
            cn.put("issuerUserId", x.issuer() == null || !all.containsKey(x.issuer()) ? null
                    : all.get(x.issuer()).userId());
            cs.add(cn);
        }
        return o;
    }
}
