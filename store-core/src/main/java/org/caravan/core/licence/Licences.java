package org.caravan.core.licence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.pkg.Version;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.seal.ContentKey;
import org.caravan.keyring.seal.KeyWrap;
import org.caravan.keyring.seal.Unwrapped;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.TrustDecision;

/**
 * The licences and device tokens a home holds ({@code HOME/licences/}, one file each, 0600) and the tokens it gave
 * ({@code HOME/licences/issued/APP/DEVICE.tok}), and the check that turns them into an app key.
 */
public final class Licences {
    /**
     * How far this computer's clock may be off: a licence still counts this long after it expired, and one issued
     * up to this far in the future is taken.
     */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Path home;
    private final Clock clock;

    public Licences(Path home, Clock clock) {
        this.home = home;
        this.clock = clock;
    }

    private Path dir() {
        return home.resolve("licences");
    }

    /** The home's identity, made now if it has none. */
    public ClientIdentity identity() throws IOException {
        return ClientIdentity.of(home, clock.instant());
    }

    /**
     * A signed licence (the text of a {@code .lic} file): {@code appId}'s app key, derived from {@code developer},
     * wrapped for {@code to}'s encryption key.
     *
     * @throws IllegalArgumentException when {@code to} has no encryption key, or a value is out of range
     */
    public static String issue(SecretKey developer, String appId, Certificate to, VersionRange versions,
            Instant expires, int devices, Instant now) {
        ContentKey appKey = AppKeys.derive(developer, appId);
        String wrapped = KeyWrap.wrapArmored(appKey.bytes(), List.of(to));
        Instant issued = Instant.ofEpochSecond(now.getEpochSecond());
        Licence l = new Licence(appId, developer.fingerprint(), to.fingerprint(), versions, issued, expires, devices,
                wrapped);
        return Grant.issue(l, developer, issued);
    }

    /**
     * Keeps a licence or device token in this home, after checking that it is one and that it names this home's
     * key. Its signature and issuer are checked when an install needs it (they need the store's keys).
     *
     * @throws IllegalArgumentException saying why the file is refused; nothing is stored then
     */
    public HeldGrant add(byte[] file, String shownName) throws IOException {
        Grant g;
        try {
            g = Grant.parse(file);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(shownName + " refused: " + e.getMessage(), e);
        }
        Fingerprint me = identity().certificate().fingerprint();
        Fingerprint named = g instanceof Grant.DeviceToken t ? t.device() : g.licence().licensee();
        if (!named.equals(me)) {
            throw new IllegalArgumentException(shownName + " refused: this " + Grant.describe(g) + " is for key "
                    + named + ", and this home's key is " + me + "; ask for one made for this home's certificate "
                    + "(caravan client identity)");
        }
        Files.createDirectories(dir());
        Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwx------"));
        Path target = dir().resolve(Sha256.hex(file).substring(0, 16) + (g instanceof Grant.DeviceToken ? ".tok" : ".lic"));
        Path tmp = Files.createTempFile(dir(), ".add-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, file);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new HeldGrant(g, target, summary(g));
    }

    /** Every licence and token held, oldest file name first. */
    public List<HeldGrant> list() throws IOException {
        List<HeldGrant> out = new ArrayList<>();
        if (!Files.isDirectory(dir())) {
            return out;
        }
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir(), "*.{lic,tok}")) {
            s.forEach(files::add);
        }
        for (Path f : files) {
            try {
                Grant g = Grant.parse(Files.readAllBytes(f));
                out.add(new HeldGrant(g, f, summary(g)));
            } catch (RuntimeException e) {
                out.add(new HeldGrant(null, f, f.getFileName() + ": unreadable (" + e.getMessage() + ")"));
            }
        }
        return out;
    }

    /**
     * The licence or device token this home holds for {@code appId} (the newest file first), for a face to show a
     * licensed app as entitled or locked; whether it opens a given release is decided at install ({@link #entitle}).
     */
    public Optional<HeldGrant> licenceFor(String appId) throws IOException {
        List<HeldGrant> all = list();
        for (int i = all.size() - 1; i >= 0; i--) {
            HeldGrant h = all.get(i);
            if (h.grant() != null && h.grant().licence().appId().equals(appId)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    private String summary(Grant g) {
        Licence l = g.licence();
        Instant now = clock.instant();
        String state = l.expires() != null && now.isAfter(l.expires().plus(CLOCK_SKEW)) ? "expired" : "valid";
        return l.appId() + " versions " + l.versions() + ", " + (l.expires() == null ? "no expiry"
                : (state.equals("expired") ? "expired " : "expires ") + l.expires()) + ", " + l.devices()
                + " device(s), issued by " + l.issuer()
                + (g instanceof Grant.DeviceToken t ? " (device token " + t.slot() + " from licensee " + l.licensee() + ")"
                        : "");
    }

    /**
     * Whether this home may open version {@code version} of licensed app {@code appId}, whose package names
     * {@code licensor}: the first held licence or token that passes every check gives the app key; otherwise each
     * one's reason is given.
     */
    public Entitlement entitle(String appId, Version version, Fingerprint licensor, LicenceTrust trust)
            throws IOException {
        ClientIdentity me = identity();
        List<HeldGrant> held = list();
        List<String> reasons = new ArrayList<>();
        List<String> otherApps = new ArrayList<>();
        for (HeldGrant h : held) {
            if (h.grant() == null) {
                continue;
            }
            if (!h.grant().licence().appId().equals(appId)) {
                otherApps.add(h.grant().licence().appId());
                continue;
            }
            Object r = check(h.grant(), appId, version, licensor, trust, me);
            if (r instanceof ContentKey k) {
                return new Entitlement.Entitled(appId, h.grant().licence(), k, "entitled by " + Grant.describe(h.grant())
                        + " issued by " + h.grant().licence().issuer() + " (" + h.file().getFileName() + ")");
            }
            reasons.add((String) r);
        }
        String howTo = "get a licence from its publisher (licensor " + licensor + ") for this home's certificate "
                + "(caravan client identity), then caravan client license add FILE.lic";
        if (reasons.isEmpty()) {
            return new Entitlement.NotEntitled(appId, "not entitled to " + appId + " " + version + ": it is a licensed "
                    + "app and this home holds no licence for it" + (otherApps.isEmpty() ? ""
                            : " (only for " + String.join(", ", new TreeSet<>(otherApps)) + ")") + "; " + howTo);
        }
        return new Entitlement.NotEntitled(appId, "not entitled to " + appId + " " + version + ": "
                + String.join("; ", reasons) + "; " + howTo);
    }

    /** The app key, or the reason (a String) this grant does not give it. */
    private Object check(Grant g, String appId, Version version, Fingerprint licensor, LicenceTrust trust,
            ClientIdentity me) {
        Licence l = g.licence();
        String what = Grant.describe(g);
        Fingerprint mine = me.certificate().fingerprint();
        String wrapped = l.wrappedKey();
        if (g instanceof Grant.DeviceToken t) {
            if (!t.device().equals(mine)) {
                return what + " is for device key " + t.device() + ", not this home's key " + mine
                        + " (a token works only on the device it was made for)";
            }
            if (!t.licenseeCertificate().fingerprint().equals(l.licensee())) {
                return what + " carries key " + t.licenseeCertificate().fingerprint() + ", not the licensee "
                        + l.licensee();
            }
            boolean byLicensee = DetachedSignatures.verify(t.body(), t.signature().getBytes(StandardCharsets.US_ASCII),
                    List.of(t.licenseeCertificate())).stream().anyMatch(c -> c instanceof SignatureCheck.Valid v
                            && v.signer().equals(l.licensee()));
            if (!byLicensee) {
                return what + ": its signature does not verify against licensee " + l.licensee()
                        + " (forged or altered token)";
            }
            if (t.slot() < 1 || t.slot() > l.devices() - 1) {
                return what + " is device " + (t.slot() + 1) + " but the licence allows " + l.devices()
                        + " device(s) (the licensee's home and " + (l.devices() - 1) + " more)";
            }
            wrapped = t.wrappedKey();
        } else if (!l.licensee().equals(mine)) {
            return what + " was issued to key " + l.licensee() + ", not to this home's key " + mine
                    + " (a licence works only on the home it was issued to; the licensee can add this home as a "
                    + "device: caravan client device add)";
        }
        if (!l.versions().contains(version)) {
            return what + " covers versions " + l.versions() + ", not " + version;
        }
        Instant now = clock.instant();
        if (l.issued().isAfter(now.plus(CLOCK_SKEW))) {
            return what + " is dated " + l.issued() + ", in the future by this computer's clock (" + now
                    + ", tolerance " + CLOCK_SKEW.toMinutes() + " min); check the clock";
        }
        if (l.expires() != null && now.isAfter(l.expires().plus(CLOCK_SKEW))) {
            return what + " expired at " + l.expires() + " (this computer's clock says " + now + ", tolerance "
                    + CLOCK_SKEW.toMinutes() + " min); renew it with the publisher";
        }
        if (!l.issuer().equals(licensor)) {
            return what + " is issued by " + l.issuer() + ", but this package is licensed by " + licensor;
        }
        Grant.SignedLicence signed = g instanceof Grant.DeviceToken t ? t.signedLicence() : (Grant.SignedLicence) g;
        Collection<Certificate> candidates = trust.candidates();
        Optional<Certificate> issuerCert = candidates.stream().filter(c -> c.fingerprint().equals(l.issuer()))
                .findFirst();
        if (issuerCert.isEmpty()) {
            return what + ": issuer " + l.issuer() + " is not a key of store " + trust.storeName()
                    + " (untrusted issuer)";
        }
        List<SignatureCheck> checks = DetachedSignatures.verify(signed.body(),
                signed.signature().getBytes(StandardCharsets.US_ASCII), List.of(issuerCert.get()));
        List<SignatureCheck> valid = checks.stream().filter(c -> c instanceof SignatureCheck.Valid v
                && v.signer().equals(l.issuer())).toList();
        if (valid.isEmpty()) {
            return what + ": its signature does not verify against issuer " + l.issuer()
                    + "'s key (forged or altered licence)";
        }
        TrustDecision d = trust.decide(valid);
        if (d instanceof TrustDecision.Refused r) {
            return what + ": issuer " + l.issuer() + " is not trusted for " + appId + " in store "
                    + trust.storeName() + " (" + r.explain() + ")";
        }
        Unwrapped u = KeyWrap.unwrap(wrapped.getBytes(StandardCharsets.US_ASCII), me.secretKey());
        if (u instanceof Unwrapped.NotForThisKey n) {
            return what + ": its app key is wrapped for key id(s) " + n.recipientKeyIds() + ", not for this home";
        }
        if (u instanceof Unwrapped.Broken b) {
            return what + ": its app key does not open (" + b.reason() + ")";
        }
        byte[] secret = ((Unwrapped.Opened) u).secret();
        if (secret.length != ContentKey.BYTES) {
            return what + ": its wrapped app key is " + secret.length + " bytes, not " + ContentKey.BYTES;
        }
        return ContentKey.of(secret);
    }

    /**
     * Lets {@code device} use this home's licence for {@code appId}: a signed token, kept here and returned (the
     * text of a {@code .tok} file for the device's {@code client license add}).
     *
     * @throws IllegalStateException when this home holds no licence for the app, or every device slot is taken
     */
    public IssuedToken addDevice(String appId, Certificate device) throws IOException {
        ClientIdentity me = identity();
        Grant.SignedLicence licence = null;
        for (HeldGrant h : list()) {
            if (h.grant() instanceof Grant.SignedLicence l && l.licence().appId().equals(appId)
                    && l.licence().licensee().equals(me.certificate().fingerprint())
                    && (licence == null || l.licence().devices() > licence.licence().devices())) {
                licence = l;
            }
        }
        if (licence == null) {
            throw new IllegalStateException("this home holds no licence for " + appId + " issued to it; add one "
                    + "first (caravan client license add FILE.lic)");
        }
        if (device.fingerprint().equals(me.certificate().fingerprint())) {
            throw new IllegalArgumentException("device " + device.fingerprint() + " is this home: it needs no token");
        }
        List<IssuedToken> issued = devices(appId);
        for (IssuedToken t : issued) {
            if (t.device().equals(device.fingerprint())) {
                return t;
            }
        }
        int max = licence.licence().devices() - 1;
        int slot = 1;
        while (slot <= max && slotTaken(issued, slot)) {
            slot++;
        }
        if (slot > max) {
            throw new IllegalStateException("the licence for " + appId + " allows " + licence.licence().devices()
                    + " device(s): this home and " + max + " more, all taken ("
                    + issued.stream().map(t -> t.device().hex()).toList() + "); remove one first (caravan client "
                    + "device remove --app " + appId + " --device FINGERPRINT)");
        }
        Unwrapped u = KeyWrap.unwrap(licence.licence().wrappedKey().getBytes(StandardCharsets.US_ASCII), me.secretKey());
        if (!(u instanceof Unwrapped.Opened o)) {
            throw new IllegalStateException("the licence for " + appId + " does not open with this home's key: " + u);
        }
        String wrapped = KeyWrap.wrapArmored(o.secret(), List.of(device));
        Instant at = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        String text = Grant.token(licence, me.secretKey(), device.fingerprint(), slot, at, wrapped);
        Path f = issuedDir(appId).resolve(device.fingerprint().hex() + ".tok");
        Files.createDirectories(f.getParent());
        Path tmp = Files.createTempFile(f.getParent(), ".tok-", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new IssuedToken(appId, device.fingerprint(), slot, text);
    }

    private static boolean slotTaken(List<IssuedToken> issued, int slot) {
        return issued.stream().anyMatch(t -> t.slot() == slot);
    }

    private Path issuedDir(String appId) {
        if (!appId.matches("[a-z0-9.-]+")) {
            throw new IllegalArgumentException("not an app id: " + appId);
        }
        return dir().resolve("issued").resolve(appId);
    }

    /** The tokens this home gave for {@code appId}. */
    public List<IssuedToken> devices(String appId) throws IOException {
        List<IssuedToken> out = new ArrayList<>();
        Path d = issuedDir(appId);
        if (!Files.isDirectory(d)) {
            return out;
        }
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "*.tok")) {
            s.forEach(files::add);
        }
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            if (Grant.parse(text.getBytes(StandardCharsets.UTF_8)) instanceof Grant.DeviceToken t) {
                out.add(new IssuedToken(appId, t.device(), t.slot(), text));
            }
        }
        return out;
    }

    /**
     * Frees the device slot of {@code device}. The device keeps what it already installed and, since there is no
     * online revocation, its token still opens the app key: removing makes room for another device here.
     */
    public boolean removeDevice(String appId, Fingerprint device) throws IOException {
        return Files.deleteIfExists(issuedDir(appId).resolve(device.hex() + ".tok"));
    }
}
