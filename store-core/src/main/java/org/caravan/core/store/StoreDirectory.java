package org.caravan.core.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.caravan.core.catalog.AppDetails;
import org.caravan.core.catalog.Catalog;
import org.caravan.core.catalog.CatalogApp;
import org.caravan.core.catalog.CatalogCodec;
import org.caravan.core.catalog.DeltaBundle;
import org.caravan.core.catalog.GenerationBundle;
import org.caravan.core.catalog.OnlineKeyDelegation;
import org.caravan.core.catalog.Release;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.catalog.RootPin;
import org.caravan.core.catalog.SignedRootSet;
import org.caravan.core.catalog.SignerClaim;
import org.caravan.core.catalog.StorePolicy;
import org.caravan.core.disk.DiskSpace;
import org.caravan.core.net.InfoHashes;
import org.caravan.core.catalog.SealedFile;
import org.caravan.core.pkg.PrivatePackage;
import org.caravan.core.net.StoreMagnet;
import org.caravan.core.pkg.AppInfo;
import org.caravan.core.pkg.Manifest;
import org.caravan.core.pkg.SpdxExpression;
import org.caravan.core.pkg.PackageReader;
import org.caravan.core.pkg.SignatureFiles;
import org.caravan.core.pkg.Version;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.Fingerprint;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.key.KeyPassphrase;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.sign.SignatureCheck;
import org.caravan.keyring.trust.Endorsement;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.RevocationReason;
import org.caravan.keyring.trust.RootRotation;
import org.caravan.keyring.trust.RootSet;
import org.caravan.keyring.trust.Scope;
import org.caravan.keyring.trust.Subject;
import org.caravan.keyring.trust.TrustDecision;
import org.caravan.keyring.trust.TrustEngine;
import org.caravan.keyring.trust.TrustContext;
import org.caravan.keyring.trust.TrustWeb;

/**
 * A maintainer's store on disk:
 * <pre>
 * store.json                      name, DHT salt, last generation
 * policy.json                     the store's rules (levels, promotion, mentoring, catalog lifetime); absent:
 *                                 the defaults. Its root threshold is always the root set's.
 * keys/root.key                   the first root's secret key (mode 600), or only its certificate once its
 *                                 holder keeps the key elsewhere; it is a root of root set version 1. Unless
 *                                 keys/channel.key exists, its Ed25519 key is the store key (the channel root)
 *                                 and signs the DHT pointer
 * keys/channel.key                a store made with an online key (store init --online-key): that key is the
 *                                 channel key (store key, DHT pointer), so no root secret is needed to serve
 * keys/roots/FPR.asc, FPR.key     every other root ever in the root set (certificate), and the secret key of
 *                                 those whose holder keeps it here (mode 600)
 * roots.json                      the root history: every root set from version 1 with the signatures that
 *                                 approved each rotation (absent until the first rotation)
 * keys/online.key, online.json    the online key (mode 600) and its delegation by k roots: it signs catalog
 *                                 generations when fewer than k root secret keys are here (absent: none)
 * policy-signatures.json          k roots' signatures over the policy, which a catalog the online key signs
 *                                 must carry (absent: none)
 * endorsed/version-V.json        the certification and revocation packets (SHA-256 of each) root set version
 *                                 V endorsed at its rotation: earlier root sets' decisions that still count
 * keyring/FPR.asc                 each certified key with the store's certifications and revocations
 * packages/ID/VERSION/ID-VERSION.car, release.json   admitted packages
 * generations/generation-N.cgen   published generations
 * generations/delta-N.cdelta      what changed from generation N-1 to N
 * </pre>
 * Every change takes an exclusive lock on {@code .lock}, so a running {@code store serve} and a
 * {@code store revoke} in another terminal do not interleave; files are replaced atomically.
 */
public final class StoreDirectory {
    private static final byte[] DEFAULT_SALT = "caravan-catalog".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = CatalogCodec.mapper();

    private final Path dir;
    /** The first root's certificate (keys/root.key). */
    private final Certificate rootCert;
    /** Its secret key, or null when keys/root.key holds only the certificate (the root is kept offline). */
    private final SecretKey root;
    private final KeyPassphrase passphrase;
    /** Root secret keys of keys/roots/ read so far, so a protected one asks its passphrase once. */
    private final Map<Path, SecretKey> heldRootKeys = new java.util.concurrent.ConcurrentHashMap<>();

    private StoreDirectory(Path dir, Certificate rootCert, SecretKey root, KeyPassphrase passphrase) {
        this.dir = dir;
        this.rootCert = rootCert;
        this.root = root;
        this.passphrase = passphrase;
    }

    /** As {@link #init(Path, String, Path, KeyPassphrase)} for a root key that is not protected. */
    public static StoreDirectory init(Path dir, String name, Path rootKeyFile) throws IOException {
        return init(dir, name, rootKeyFile, KeyPassphrase.NONE);
    }

    /**
     * Creates a store in {@code dir} with the root key in {@code rootKeyFile}, copied into the folder as it
     * is (a protected key stays protected; {@code passphrase} unlocks it when the store signs).
     */
    public static StoreDirectory init(Path dir, String name, Path rootKeyFile, KeyPassphrase passphrase)
            throws IOException {
        if (name == null || name.isBlank()) {
            throw new StoreException("the store needs a name (--name)");
        }
        if (Files.exists(dir.resolve("store.json"))) {
            throw new StoreException(dir + " is already a store");
        }
        SecretKey root = readSecretKey(rootKeyFile, passphrase);
        try {
            root.certificate().ed25519PublicKey();
        } catch (KeyFormatException e) {
            throw new StoreException("the root key " + rootKeyFile + " must be an Ed25519 key: the store's DHT channel is signed with it");
        }
        for (String sub : new String[] {"keys", "keyring", "packages", "generations"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path keyFile = dir.resolve("keys/root.key");
        writeAtomically(keyFile, root.armored().getBytes(StandardCharsets.US_ASCII));
        restrict(keyFile);
        StoreDirectory store = new StoreDirectory(dir, root.certificate(), root, passphrase);
        store.writeConfig(new StoreConfig(1, name.trim(), HexFormat.of().formatHex(DEFAULT_SALT), 0));
        return store;
    }

    /**
     * Creates a store whose channel key (the store key, which signs the DHT pointer) is the online key
     * {@code online} rather than a root: the root in {@code rootKeyFile} delegates catalog signing to it until
     * {@code validUntil}, and may then leave the serving machine (keep only its certificate in keys/root.key).
     * Give users the pinned magnet ({@link #shareableMagnet}): its {@code x.roots} names root set version 1, so
     * the online key alone cannot pass off a root set of its own.
     */
    public static StoreDirectory initWithOnlineKey(Path dir, String name, Path rootKeyFile, SecretKey online,
            Instant validUntil, KeyPassphrase passphrase, Instant now) throws IOException {
        try {
            online.certificate().ed25519PublicKey();
        } catch (KeyFormatException e) {
            throw new StoreException("the online key " + online.fingerprint() + " must be an Ed25519 key: it signs the"
                    + " store's DHT channel (make one with caravan key generate)");
        }
        StoreDirectory store = init(dir, name, rootKeyFile, passphrase);
        Path channel = dir.resolve("keys/channel.key");
        writeAtomically(channel, online.armored().getBytes(StandardCharsets.US_ASCII));
        restrict(channel);
        store.delegateOnlineKey(online, validUntil, List.of(), now);
        return store;
    }

    /** As {@link #open(Path, KeyPassphrase)} for a store whose root keys are not protected. */
    public static StoreDirectory open(Path dir) throws IOException {
        return open(dir, KeyPassphrase.NONE);
    }

    /**
     * Opens the store in {@code dir}. Its root secret keys are read for their public parts; {@code passphrase}
     * is asked only when a protected one first signs (publishing, certifying, revoking, rotating).
     */
    public static StoreDirectory open(Path dir, KeyPassphrase passphrase) throws IOException {
        if (!Files.isRegularFile(dir.resolve("store.json"))) {
            throw new StoreException("no store at " + dir + " (create one with: caravan store init --dir " + dir + ")");
        }
        Path rootFile = dir.resolve("keys/root.key");
        SecretKey secret = null;
        Certificate cert;
        if (Files.isRegularFile(rootFile) && !Files.readString(rootFile, StandardCharsets.ISO_8859_1)
                .contains("PRIVATE KEY BLOCK")) {
            cert = readCertificate(rootFile); // its holder keeps the secret key elsewhere
        } else {
            secret = readSecretKey(rootFile, passphrase);
            cert = secret.certificate();
        }
        StoreDirectory store = new StoreDirectory(dir, cert, secret, passphrase);
        store.config();
        return store;
    }

    public static SecretKey readSecretKey(Path file) throws IOException {
        return readSecretKey(file, KeyPassphrase.NONE);
    }

    /** Reads a secret key file; a protected key asks {@code passphrase} when it first signs. */
    public static SecretKey readSecretKey(Path file, KeyPassphrase passphrase) throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new StoreException("no such key file: " + file);
        }
        try {
            return SecretKey.parse(data, passphrase);
        } catch (KeyFormatException e) {
            throw new StoreException(file + " is not an OpenPGP secret key: " + e.getMessage(), e);
        }
    }

    public static Certificate readCertificate(Path file) throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new StoreException("no such certificate file: " + file);
        }
        try {
            return Certificate.parse(data);
        } catch (KeyFormatException e) {
            throw new StoreException(file + " is not an OpenPGP certificate: " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public StoreConfig config() throws IOException {
        try {
            return JSON.readValue(dir.resolve("store.json").toFile(), StoreConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException(dir.resolve("store.json") + " is invalid: " + e.getOriginalMessage(), e);
        }
    }

    public String name() throws IOException {
        return config().name();
    }

    /** The first root's secret key (for a store made without an online key, the channel root). */
    public SecretKey rootKey() {
        if (root == null) {
            throw new StoreException(dir.resolve("keys/root.key") + " holds only the certificate of root "
                    + rootCert.fingerprint() + "; its holder keeps the secret key");
        }
        return root;
    }

    /** The first root's certificate. */
    public Certificate rootCertificate() {
        return rootCert;
    }

    /**
     * The channel key, which signs the store's DHT pointer: {@code keys/channel.key} for a store made with an
     * online key, else the first root's secret key.
     */
    public SecretKey channelKey() throws IOException {
        Path f = dir.resolve("keys/channel.key");
        if (Files.exists(f)) {
            SecretKey k = heldRootKeys.get(f);
            if (k == null) {
                k = readSecretKey(f, passphrase);
                heldRootKeys.put(f, k);
            }
            return k;
        }
        return rootKey();
    }

    /** Every root set from version 1 to the current one (one implied entry until the first rotation). */
    public List<SignedRootSet> rootHistory() throws IOException {
        Path f = dir.resolve("roots.json");
        if (!Files.exists(f)) {
            return List.of(new SignedRootSet(1, 1, List.of(rootCert.fingerprint().hex()), List.of()));
        }
        try {
            List<SignedRootSet> history = List.of(JSON.readValue(f.toFile(), SignedRootSet[].class));
            if (history.isEmpty()) {
                throw new StoreException(f + " lists no root set");
            }
            return history;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException(f + " is invalid: " + e.getOriginalMessage(), e);
        }
    }

    /** The current root set with the roots' certificates. */
    public RootSet roots() throws IOException {
        List<SignedRootSet> history = rootHistory();
        return rootSet(history.get(history.size() - 1));
    }

    private RootSet rootSet(SignedRootSet s) throws IOException {
        Map<String, Certificate> certs = rootCertificates();
        List<Certificate> members = new ArrayList<>();
        for (String fpr : s.roots()) {
            Certificate c = certs.get(fpr);
            if (c == null) {
                throw new StoreException("root " + fpr + " of root set version " + s.version() + " has no certificate in "
                        + dir.resolve("keys/roots"));
            }
            members.add(c);
        }
        return new RootSet(s.version(), members, s.threshold(), s.endorses());
    }

    /** The certificates of every root ever in the root set, by fingerprint (the channel root first). */
    private Map<String, Certificate> rootCertificates() throws IOException {
        Map<String, Certificate> out = new LinkedHashMap<>();
        out.put(rootCert.fingerprint().hex(), rootCert);
        Path rootsDir = dir.resolve("keys/roots");
        if (Files.isDirectory(rootsDir)) {
            try (Stream<Path> files = Files.list(rootsDir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".asc")).sorted().toList()) {
                    Certificate c = readCertificate(f);
                    out.putIfAbsent(c.fingerprint().hex(), c);
                }
            }
        }
        return out;
    }

    /** The secret keys of {@code set}'s roots kept in this folder. */
    private List<SecretKey> heldSecrets(RootSet set) throws IOException {
        List<SecretKey> out = new ArrayList<>();
        for (Certificate c : set.roots()) {
            if (c.fingerprint().equals(rootCert.fingerprint())) {
                if (root != null) {
                    out.add(root);
                }
            } else {
                Path f = dir.resolve("keys/roots").resolve(c.fingerprint().hex() + ".key");
                if (Files.exists(f)) {
                    SecretKey held = heldRootKeys.get(f);
                    if (held == null) {
                        held = readSecretKey(f, passphrase);
                        heldRootKeys.put(f, held);
                    }
                    out.add(held);
                }
            }
        }
        return out;
    }

    /** Whether this folder keeps the secret key of root {@code fpr}. */
    public boolean holdsSecretOf(Fingerprint fpr) {
        return (root != null && fpr.equals(root.fingerprint()))
                || Files.exists(dir.resolve("keys/roots").resolve(fpr.hex() + ".key"));
    }

    /** The roots that sign for the store here: every held root of the current set, which must be at least k. */
    /**
     * Unlocks the root keys that sign for the store here (the channel root and k held roots), asking the
     * passphrase of protected ones now: a long-running server fails at its start, not at its first signature.
     */
    public void unlockSigningRoots() throws IOException {
        channelKey().unlock();
        RootSet set = roots();
        if (heldSecrets(set).size() < set.threshold()) {
            Optional<SecretKey> online = usableOnlineKey(set, Instant.now());
            if (online.isPresent()) {
                online.get().unlock();
                return;
            }
        }
        for (SecretKey k : signingRoots("serving the store")) {
            k.unlock();
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // The online key: signs catalogs in the roots' stead, delegated by k roots for a bounded time.

    /** The delegation in {@code online.json}, if any (valid or not). */
    public Optional<OnlineKeyDelegation> onlineDelegation() throws IOException {
        Path f = dir.resolve("online.json");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), OnlineKeyDelegation.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException(f + " is invalid: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Delegates catalog signing to {@code online} until {@code validUntil}: the delegation is signed by every root
     * secret key kept here and by {@code coSigners} (root holders elsewhere; not stored) and must carry k roots of
     * the current set. The online key is kept in {@code keys/online.key} (mode 600); the current policy is signed
     * by the same roots, since a catalog the online key signs carries only a policy the roots approved.
     */
    public OnlineKeyDelegation delegateOnlineKey(SecretKey online, Instant validUntil, List<SecretKey> coSigners,
            Instant now) throws IOException {
        return locked(() -> {
            RootSet set = roots();
            if (rootCertificates().containsKey(online.fingerprint().hex()) || stored(online.fingerprint()).isPresent()) {
                throw new StoreException("key " + online.fingerprint() + " is a root or a certified key of this store;"
                        + " the online key must be a key of its own (make one with caravan key generate)");
            }
            if (!validUntil.isAfter(now)) {
                throw new StoreException("the delegation of online key " + online.fingerprint() + " would end at "
                        + validUntil + ", which is not in the future");
            }
            Path channel = dir.resolve("keys/channel.key");
            if (Files.exists(channel) && !channelKey().fingerprint().equals(online.fingerprint())) {
                throw new StoreException("this store's channel key is its online key " + channelKey().fingerprint()
                        + " (the store key); renew the delegation of that key, not of " + online.fingerprint());
            }
            String storeHex = HexFormat.of().formatHex(storeKey());
            OnlineKeyDelegation d = new OnlineKeyDelegation(set.version(), online.fingerprint().hex(),
                    validUntil.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    List.of());
            List<SecretKey> signers = rootSigners(set, coSigners);
            for (SecretKey r : signers) {
                d = d.withSignature(DetachedSignatures.sign(r, d.canonicalBytes(storeHex), now));
            }
            if (signers.size() < set.threshold()) {
                throw new StoreException("delegating online key " + online.fingerprint() + " takes " + set.threshold()
                        + " of the store's " + set.roots().size() + " roots, but " + signers.size() + " signed (add the"
                        + " others with --sign-with ROOTKEY); nothing changed");
            }
            List<String> policySigs = new ArrayList<>();
            for (SecretKey r : signers) {
                policySigs.add(DetachedSignatures.sign(r, policy().canonicalBytes(storeHex), now));
            }
            Path keyFile = dir.resolve("keys/online.key");
            writeAtomically(keyFile, online.armored().getBytes(StandardCharsets.US_ASCII));
            restrict(keyFile);
            heldRootKeys.remove(keyFile); // a new online key replaces the one this process unlocked before
            writeAtomically(dir.resolve("policy-signatures.json"), JSON.writeValueAsBytes(policySigs));
            writeAtomically(dir.resolve("online.json"), JSON.writeValueAsBytes(d));
            return d;
        });
    }

    /**
     * The delegation of {@link #delegateOnlineKey}, not applied: signed by the roots at hand, to be carried to the
     * other root holders ({@code caravan store approve}) and applied with {@link #applyStatement}.
     */
    public RootStatementProposal proposeOnlineKey(Certificate online, Instant validUntil, List<SecretKey> coSigners,
            Instant now) throws IOException {
        RootSet set = roots();
        String storeHex = HexFormat.of().formatHex(storeKey());
        OnlineKeyDelegation d = new OnlineKeyDelegation(set.version(), online.fingerprint().hex(),
                validUntil.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), List.of());
        RootStatementProposal p = new RootStatementProposal(RootStatementProposal.FORMAT, storeHex,
                RootStatementProposal.ONLINE_KEY, new String(d.canonicalBytes(storeHex), StandardCharsets.US_ASCII),
                online.armored(), List.of());
        for (SecretKey r : rootSigners(set, coSigners)) {
            p = p.withSignature(DetachedSignatures.sign(r, p.bytes(), now));
        }
        return p;
    }

    /** A policy change signed by the roots at hand, to be approved elsewhere and applied with {@link #applyStatement}. */
    public RootStatementProposal proposePolicy(StorePolicy policy, List<SecretKey> coSigners, Instant now)
            throws IOException {
        RootSet set = roots();
        String storeHex = HexFormat.of().formatHex(storeKey());
        StorePolicy p = policy.withRootThreshold(set.threshold());
        RootStatementProposal out = new RootStatementProposal(RootStatementProposal.FORMAT, storeHex,
                RootStatementProposal.POLICY, new String(p.canonicalBytes(storeHex), StandardCharsets.UTF_8), "",
                List.of());
        for (SecretKey r : rootSigners(set, coSigners)) {
            out = out.withSignature(DetachedSignatures.sign(r, out.bytes(), now));
        }
        return out;
    }

    /**
     * Applies a delegation or policy proposal once k current roots signed exactly its text; the online key's
     * secret key ({@code onlineSecret}, for a delegation) is then kept here. Refused, changing nothing, for
     * another store, a text that is not a statement of this kind, or fewer than k roots.
     */
    public String applyStatement(RootStatementProposal p, SecretKey onlineSecret) throws IOException {
        return locked(() -> {
            String storeHex = HexFormat.of().formatHex(storeKey());
            if (!p.storeKey().equals(storeHex)) {
                throw new StoreException("the proposal is for store " + p.storeKey() + ", not this one (" + storeHex + ")");
            }
            RootSet set = roots();
            List<SignatureCheck> checks = new ArrayList<>();
            for (String sig : p.signatures()) {
                checks.addAll(DetachedSignatures.verify(p.bytes(), sig.getBytes(StandardCharsets.US_ASCII), set.roots()));
            }
            if (!set.quorumIn(checks)) {
                throw new StoreException("the " + p.kind() + " proposal is signed by " + set.signersAmong(checks).size()
                        + " of the " + set.roots().size() + " roots of root set version " + set.version() + ", which "
                        + "requires " + set.threshold() + " (have the missing roots sign it: caravan store approve --key"
                        + " KEYFILE FILE)");
            }
            if (RootStatementProposal.POLICY.equals(p.kind())) {
                String head = "caravan-policy 1\nstore " + storeHex + "\n";
                if (!p.text().startsWith(head)) {
                    throw new StoreException("the policy proposal does not start with '" + head.replace("\n", "\\n")
                            + "'");
                }
                StorePolicy policy = JSON.readValue(p.text().substring(head.length()), StorePolicy.class);
                if (policy.rootThreshold() != set.threshold()
                        || !java.util.Arrays.equals(policy.canonicalBytes(storeHex), p.bytes())) {
                    throw new StoreException("the policy proposal is not this store's policy text for root set version "
                            + set.version() + " (k = " + set.threshold() + "): propose it again");
                }
                writeAtomically(dir.resolve("policy-signatures.json"), JSON.writeValueAsBytes(p.signatures()));
                writeAtomically(dir.resolve("policy.json"), JSON.writeValueAsBytes(policy));
                return "policy applied, signed by " + set.signersAmong(checks).size() + " roots";
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("caravan-online-key 1\nstore " + storeHex
                    + "\nroot-set-version ([0-9]+)\nkey ([0-9A-F]{40})\nvalid-until (\\S+)\n").matcher(p.text());
            if (!m.matches()) {
                throw new StoreException("the online-key proposal's text is not a delegation statement of this store");
            }
            OnlineKeyDelegation d = new OnlineKeyDelegation(Long.parseLong(m.group(1)), m.group(2),
                    Instant.parse(m.group(3)), p.signatures());
            if (onlineSecret == null || !onlineSecret.fingerprint().hex().equals(d.key())) {
                throw new StoreException("the proposal delegates to online key " + d.key() + ": give its secret key with"
                        + " --key (it is kept in " + dir.resolve("keys/online.key") + ")");
            }
            Path channel = dir.resolve("keys/channel.key");
            if (Files.exists(channel) && !channelKey().fingerprint().equals(onlineSecret.fingerprint())) {
                throw new StoreException("this store's channel key is its online key " + channelKey().fingerprint()
                        + " (the store key); the delegation must be to that key, not to " + d.key());
            }
            Path keyFile = dir.resolve("keys/online.key");
            writeAtomically(keyFile, onlineSecret.armored().getBytes(StandardCharsets.US_ASCII));
            heldRootKeys.remove(keyFile);
            restrict(keyFile);
            writeAtomically(dir.resolve("online.json"), JSON.writeValueAsBytes(d));
            return "online key " + d.key() + " signs catalogs until " + d.validUntil() + " (delegated by "
                    + set.signersAmong(checks).size() + " roots)";
        });
    }

    /** The held root secret keys of {@code set} and those of {@code coSigners} that are roots of it, each once. */
    private List<SecretKey> rootSigners(RootSet set, List<SecretKey> coSigners) throws IOException {
        List<SecretKey> out = new ArrayList<>(heldSecrets(set));
        for (SecretKey c : coSigners) {
            if (!set.contains(c.fingerprint())) {
                throw new StoreException("key " + c.fingerprint() + " given with --sign-with is not a root of root set"
                        + " version " + set.version() + " (see caravan store root list)");
            }
            if (out.stream().noneMatch(k -> k.fingerprint().equals(c.fingerprint()))) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Whether the delegation was made under {@code set}'s version (a rotation ends the delegations made before it),
     * k roots of {@code set} signed it, and it still runs at {@code at}.
     */
    private boolean delegationHolds(OnlineKeyDelegation d, RootSet set, Instant at) {
        if (d.rootSetVersion() != set.version()) {
            return false;
        }
        List<SignatureCheck> checks = new ArrayList<>();
        for (String sig : d.signatures()) {
            checks.addAll(DetachedSignatures.verify(d.canonicalBytes(HexFormat.of().formatHex(storeKey())),
                    sig.getBytes(StandardCharsets.US_ASCII), set.roots()));
        }
        return set.quorumIn(checks) && at.isBefore(d.validUntil());
    }

    /** The online key kept here, when its delegation holds under {@code set} at {@code at}. */
    private Optional<SecretKey> usableOnlineKey(RootSet set, Instant at) throws IOException {
        Optional<OnlineKeyDelegation> d = onlineDelegation();
        Path keyFile = dir.resolve("keys/online.key");
        if (d.isEmpty() || !Files.exists(keyFile) || !delegationHolds(d.get(), set, at)) {
            return Optional.empty();
        }
        SecretKey k = heldRootKeys.get(keyFile);
        if (k == null) {
            k = readSecretKey(keyFile, passphrase);
            heldRootKeys.put(keyFile, k);
        }
        if (!k.fingerprint().hex().equals(d.get().key())) {
            throw new StoreException(keyFile + " holds key " + k.fingerprint() + ", but online.json delegates to "
                    + d.get().key() + ": delegate the key again (caravan store online-key delegate)");
        }
        return Optional.of(k);
    }

    /** The roots' signatures over the current policy kept here ({@code policy-signatures.json}), if any. */
    private List<String> policySignatures() throws IOException {
        Path f = dir.resolve("policy-signatures.json");
        if (!Files.exists(f)) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(f.toFile(), String[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException(f + " is invalid: " + e.getOriginalMessage(), e);
        }
    }

    private List<SecretKey> signingRoots(String what) throws IOException {
        RootSet set = roots();
        List<SecretKey> held = heldSecrets(set);
        if (held.size() < set.threshold()) {
            throw new StoreException(what + " takes " + set.threshold() + " of the store's " + set.roots().size()
                    + " roots, but this folder holds the secret key of " + held.size() + " (root set version "
                    + set.version() + "; see caravan store root list; root holders elsewhere sign with caravan key"
                    + " certify|revoke and the store takes it in with caravan store import"
                    + (onlineDelegation().isPresent() ? "; the online key only publishes, until its delegation ends"
                            + (onlineDelegation().get().rootSetVersion() != set.version() ? ", and the rotation to"
                                    + " version " + set.version() + " ended it: delegate again with caravan store"
                                    + " online-key delegate" : "")
                            : "") + ")");
        }
        return held;
    }

    /**
     * The store's policy, signed into every generation: {@code policy.json} in the folder (the defaults while
     * there is none), with k taken from the current root set.
     */
    public StorePolicy policy() throws IOException {
        Path f = dir.resolve("policy.json");
        StorePolicy p = StorePolicy.DEFAULT;
        if (Files.exists(f)) {
            try {
                p = JSON.readValue(f.toFile(), StorePolicy.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new StoreException(f + " is invalid: " + e.getOriginalMessage(), e);
            }
        }
        return p.withRootThreshold(roots().threshold());
    }

    /** Replaces the store's policy (its root threshold is the root set's; change k with a root rotation). */
    public StorePolicy setPolicy(StorePolicy policy) throws IOException {
        return setPolicy(policy, List.of(), null);
    }

    /**
     * As {@link #setPolicy(StorePolicy)}; with {@code now}, the roots kept here and {@code coSigners} also sign
     * the policy ({@code policy-signatures.json}), which a catalog the online key signs must carry: refused when
     * an online key is delegated and fewer than k roots would sign.
     */
    public StorePolicy setPolicy(StorePolicy policy, List<SecretKey> coSigners, Instant now) throws IOException {
        return locked(() -> {
            RootSet set = roots();
            StorePolicy p = policy.withRootThreshold(set.threshold());
            List<String> sigs = new ArrayList<>();
            if (now != null) {
                List<SecretKey> signers = rootSigners(set, coSigners);
                if (onlineDelegation().isPresent() && signers.size() < set.threshold()) {
                    throw new StoreException("the policy of a store with an online key takes " + set.threshold()
                            + " of the store's " + set.roots().size() + " roots, but " + signers.size() + " would sign"
                            + " it (add the others with --sign-with ROOTKEY); nothing changed");
                }
                for (SecretKey r : signers) {
                    sigs.add(DetachedSignatures.sign(r, p.canonicalBytes(HexFormat.of().formatHex(storeKey())), now));
                }
            }
            writeAtomically(dir.resolve("policy-signatures.json"), JSON.writeValueAsBytes(sigs));
            writeAtomically(dir.resolve("policy.json"), JSON.writeValueAsBytes(p));
            return p;
        });
    }

    /** A level of this store's policy, by name or rank (the policy may rename and add levels). */
    public Level level(String nameOrRank) throws IOException {
        try {
            StorePolicy p = policy();
            return p.trustPolicy().level(p.rankOf(nameOrRank));
        } catch (IllegalArgumentException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    /**
     * Rotates the root set (TUF-style): the new set (version + 1) is the current roots plus {@code add} minus
     * {@code remove}, with threshold {@code threshold} (null: keep k). It is signed by every root secret held
     * here and by {@code coSigners} (root holders who keep their key elsewhere), and accepted only when k of
     * the current roots and k of the new ones signed it -- the rule every client checks. Roots given with their
     * secret key ({@code addSecrets}) are kept here (mode 600) and sign for the store from now on.
     */
    public RootRotation.Decision.Accepted rotateRoots(List<Certificate> add, List<SecretKey> addSecrets,
            List<Fingerprint> remove, Integer threshold, List<SecretKey> coSigners, Instant now) throws IOException {
        return locked(() -> {
            List<SignedRootSet> history = new ArrayList<>(rootHistory());
            RootSet current = rootSet(history.get(history.size() - 1));
            List<Certificate> added = new ArrayList<>(add);
            addSecrets.forEach(k -> added.add(k.certificate()));
            RotationPreview plan = plan(current, nextRootSet(current, added, remove, threshold), added,
                    addSecrets, now);
            RootSet next = plan.next();
            List<SecretKey> signers = new ArrayList<>(addSecrets);
            signers.addAll(coSigners);
            List<String> signatures = approvals(current, next, signers, List.of(), now);
            return commitRotation(history, current, plan, added, addSecrets, signatures, now,
                    "sign with the missing roots' keys: --sign-with FILE, or --propose FILE to collect their signatures");
        });
    }

    /**
     * The same rotation as {@link #rotateRoots}, not applied: the next root set, signed by every root secret
     * key kept here and by {@code coSigners}, to be carried to the other root holders ({@code caravan key
     * sign-roots}) and applied with {@link #applyRotation}. Roots are added by certificate only.
     */
    public RootRotationProposal proposeRotation(List<Certificate> add, List<Fingerprint> remove, Integer threshold,
            List<SecretKey> coSigners, Instant now) throws IOException {
        List<SignedRootSet> history = rootHistory();
        RootSet current = rootSet(history.get(history.size() - 1));
        RotationPreview plan = plan(current, nextRootSet(current, add, remove, threshold), add, List.of(), now);
        RootSet next = plan.next();
        List<String> signatures = approvals(current, next, coSigners, List.of(), now);
        return new RootRotationProposal(RootRotationProposal.FORMAT, HexFormat.of().formatHex(storeKey()),
                next.version(), next.threshold(), next.fingerprints().stream().map(Fingerprint::hex).toList(),
                add.stream().map(Certificate::armored).toList(), signatures, plan.endorsed());
    }

    /**
     * What rotating to the current roots plus {@code add} (with {@code addSecrets}, kept here) minus {@code remove}
     * with k = {@code threshold} would do at {@code now}, without doing it: the endorsed decisions, the keys whose
     * standing would change, and how many of the new set's secret keys this folder would hold.
     */
    public RotationPreview previewRotation(List<Certificate> add, List<SecretKey> addSecrets, List<Fingerprint> remove,
            Integer threshold, Instant now) throws IOException {
        List<SignedRootSet> history = rootHistory();
        RootSet current = rootSet(history.get(history.size() - 1));
        List<Certificate> added = new ArrayList<>(add);
        addSecrets.forEach(k -> added.add(k.certificate()));
        return plan(current, nextRootSet(current, added, remove, threshold), added, addSecrets, now);
    }

    /**
     * The next root set endorsing the store's decisions as the current set makes them at {@code now} (see
     * {@link TrustEngine#rootDecisions}), with the standings that would change.
     */
    private RotationPreview plan(RootSet current, RootSet next, List<Certificate> added, List<SecretKey> addSecrets,
            Instant now) throws IOException {
        TrustWeb before = trustWeb();
        StorePolicy policy = policy();
        TrustEngine engineBefore = new TrustEngine(policy.trustPolicy());
        List<String> decisions = engineBefore.rootDecisions(before, now);
        RootSet endorsing = next.withEndorsement(Endorsement.of(decisions));
        List<Certificate> keys = new ArrayList<>(keyring());
        Map<String, Certificate> everRoots = new LinkedHashMap<>(rootCertificates());
        added.forEach(c -> everRoots.putIfAbsent(c.fingerprint().hex(), c));
        for (Certificate c : everRoots.values()) {
            if (!endorsing.contains(c.fingerprint())) {
                keys.add(c);
            }
        }
        TrustWeb after = endorsing.web(keys, decisions);
        TrustEngine engineAfter = new TrustEngine(policy.withRootThreshold(endorsing.threshold()).trustPolicy());
        Map<Fingerprint, TrustEngine.KeyStanding> was = new LinkedHashMap<>();
        engineBefore.standings(before, now).forEach(st -> was.put(st.key().fingerprint(), st));
        List<RotationPreview.Change> changes = new ArrayList<>();
        for (TrustEngine.KeyStanding st : engineAfter.standings(after, now)) {
            TrustEngine.KeyStanding old = was.get(st.key().fingerprint());
            if (old != null && !old.standing().equals(st.standing())) {
                changes.add(new RotationPreview.Change(st.key(), old.standing(), st.standing()));
            }
        }
        int held = 0;
        for (Fingerprint f : endorsing.fingerprints()) {
            if (holdsSecretOf(f) || addSecrets.stream().anyMatch(k -> k.fingerprint().equals(f))) {
                held++;
            }
        }
        return new RotationPreview(endorsing, decisions, changes, held);
    }

    /**
     * Applies a proposal made by {@link #proposeRotation} once enough roots signed it (the root secret keys kept
     * here and {@code coSigners} sign it too, where they have not yet). Refused, changing nothing, when it is
     * for another store or another version than the next, or when k current and k new roots did not sign.
     */
    public RootRotation.Decision.Accepted applyRotation(RootRotationProposal p, List<SecretKey> coSigners, Instant now)
            throws IOException {
        return locked(() -> {
            String mine = HexFormat.of().formatHex(storeKey());
            if (!p.storeKey().equals(mine)) {
                throw new StoreException("the proposal is for store " + p.storeKey() + ", not this one (" + mine + ")");
            }
            List<SignedRootSet> history = new ArrayList<>(rootHistory());
            RootSet current = rootSet(history.get(history.size() - 1));
            if (p.version() != current.version() + 1) {
                throw new StoreException("the proposal makes root set version " + p.version() + ", but this store is at "
                        + "version " + current.version() + ": propose the rotation again");
            }
            List<Certificate> added = new ArrayList<>();
            for (String armored : p.certificates()) {
                Certificate c;
                try {
                    c = Certificate.parse(armored.getBytes(StandardCharsets.US_ASCII));
                } catch (KeyFormatException e) {
                    throw new StoreException("the proposal carries a certificate that is not one: " + e.getMessage(), e);
                }
                if (!p.roots().contains(c.fingerprint().hex())) {
                    throw new StoreException("the proposal carries the certificate of " + c.fingerprint()
                            + " but does not make it a root");
                }
                if (!current.contains(c.fingerprint())) {
                    added.add(c);
                }
            }
            for (String fpr : p.roots()) {
                if (!current.contains(Fingerprint.of(fpr)) && added.stream().noneMatch(a -> a.fingerprint().hex().equals(fpr))) {
                    throw new StoreException("the proposal names root " + fpr + " without its certificate");
                }
            }
            List<Fingerprint> removed = current.fingerprints().stream()
                    .filter(f -> !p.roots().contains(f.hex())).toList();
            RotationPreview plan = plan(current, nextRootSet(current, added, removed, p.threshold()), added, List.of(),
                    now);
            if (!plan.endorsed().equals(p.endorsed())) {
                throw new StoreException("the proposal endorses " + Endorsement.of(p.endorsed()) + ", but the store's "
                        + "decisions are now " + Endorsement.of(plan.endorsed()) + " (a key was certified or revoked"
                        + " since it was proposed): propose the rotation again and have it signed");
            }
            List<String> signatures = approvals(current, plan.next(), coSigners, p.signatures(), now);
            return commitRotation(history, current, plan, added, List.of(), signatures, now,
                    "have the missing roots sign the proposal: caravan key sign-roots --key KEYFILE FILE");
        });
    }

    /** The current set with {@code added} and without {@code remove}, k = {@code threshold} (null: the same). */
    private RootSet nextRootSet(RootSet current, List<Certificate> added, List<Fingerprint> remove, Integer threshold)
            throws IOException {
        List<Certificate> members = new ArrayList<>(current.roots());
        for (Certificate c : added) {
            if (members.stream().anyMatch(m -> m.fingerprint().equals(c.fingerprint()))) {
                throw new StoreException("key " + c.fingerprint() + " is already a root of this store");
            }
            if (stored(c.fingerprint()).isPresent()) {
                throw new StoreException("key " + c.fingerprint() + " is a certified developer key of this store;"
                        + " a root must be a key of its own");
            }
            members.add(c);
        }
        for (Fingerprint f : remove) {
            if (!members.removeIf(m -> m.fingerprint().equals(f))) {
                throw new StoreException("key " + f + " is not a root of this store; nothing to remove");
            }
        }
        if (added.isEmpty() && remove.isEmpty() && (threshold == null || threshold == current.threshold())) {
            throw new StoreException("nothing to rotate: give roots to add or remove, or a new threshold");
        }
        int k = threshold == null ? current.threshold() : threshold;
        try {
            return new RootSet(current.version() + 1, members, k);
        } catch (IllegalArgumentException e) {
            throw new StoreException("invalid new root set: " + e.getMessage(), e);
        }
    }

    /**
     * {@code signatures} plus one by each root secret key kept here and each of {@code extraSigners} that is a
     * root of {@code current} or {@code next} and has not signed among {@code signatures} yet.
     */
    private List<String> approvals(RootSet current, RootSet next, List<SecretKey> extraSigners, List<String> signatures,
            Instant now) throws IOException {
        List<SecretKey> signers = new ArrayList<>(heldSecrets(current));
        for (SecretKey c : extraSigners) {
            if (signers.stream().noneMatch(s -> s.fingerprint().equals(c.fingerprint()))) {
                signers.add(c);
            }
        }
        List<String> out = new ArrayList<>(signatures);
        for (SecretKey s : signers) {
            if ((current.contains(s.fingerprint()) || next.contains(s.fingerprint()))
                    && !RootRotation.signedBy(next.canonicalBytes(), out, s.certificate())) {
                out.add(RootRotation.sign(s, next, now));
            }
        }
        return out;
    }

    /** Writes {@code next} into the history if k current and k new roots approved it; else refuses, naming why. */
    private RootRotation.Decision.Accepted commitRotation(List<SignedRootSet> history, RootSet current,
            RotationPreview plan, List<Certificate> added, List<SecretKey> addSecrets, List<String> signatures,
            Instant now, String hint) throws IOException {
        RootSet next = plan.next();
        RootRotation.Decision d = RootRotation.verify(current, next, signatures, now);
        if (d instanceof RootRotation.Decision.Refused r) {
            throw new StoreException("root rotation refused: " + r.reason() + " (" + hint + ")");
        }
        // A rotation ends the online key's delegation (a stolen online key must not outlive the rotation meant to
        // be rid of it); a folder that keeps one publishes again once k new roots delegate it, or a new key, again.
        boolean onlineKept = onlineDelegation().isPresent() && Files.exists(dir.resolve("keys/online.key"));
        if (plan.heldAfter() < next.threshold() && !onlineKept) {
            throw new StoreException("root rotation refused: root set version " + next.version() + " takes "
                    + next.threshold() + " of its " + next.roots().size() + " roots to publish and certify, but this"
                    + " folder would hold the secret key of " + plan.heldAfter() + " (add the new roots with their"
                    + " secret keys, --add KEYFILE, keep " + next.threshold() + " root keys here, lower --threshold,"
                    + " or keep an online key here, which k of the new roots delegate again after the rotation);"
                    + " nothing changed");
        }
        // Written first under its own version's name, so roots.json switches to the new set in one atomic step.
        Path endorsedDir = Files.createDirectories(dir.resolve("endorsed"));
        writeAtomically(endorsedDir.resolve("version-" + next.version() + ".json"), JSON.writeValueAsBytes(plan.endorsed()));
        Path rootsDir = Files.createDirectories(dir.resolve("keys/roots"));
        for (Certificate c : added) {
            writeAtomically(rootsDir.resolve(c.fingerprint().hex() + ".asc"), c.armored().getBytes(StandardCharsets.US_ASCII));
        }
        for (SecretKey sk : addSecrets) {
            Path f = rootsDir.resolve(sk.fingerprint().hex() + ".key");
            writeAtomically(f, sk.armored().getBytes(StandardCharsets.US_ASCII));
            restrict(f);
        }
        history.add(new SignedRootSet(next.version(), next.threshold(),
                next.fingerprints().stream().map(Fingerprint::hex).toList(), signatures, next.endorsement()));
        writeAtomically(dir.resolve("roots.json"), JSON.writeValueAsBytes(history));
        return (RootRotation.Decision.Accepted) d;
    }

    public byte[] storeKey() {
        Path f = dir.resolve("keys/channel.key");
        if (Files.exists(f)) {
            try {
                return channelKey().certificate().ed25519PublicKey();
            } catch (IOException e) {
                throw new StoreException("cannot read the channel key " + f + ": " + e.getMessage(), e);
            }
        }
        return rootCert.ed25519PublicKey();
    }

    public byte[] salt() throws IOException {
        return HexFormat.of().parseHex(config().saltHex());
    }

    public StoreMagnet magnet() throws IOException {
        return new StoreMagnet(storeKey(), salt());
    }

    /**
     * The magnet to give users: the store's channel and, once the roots were rotated, the current root set's
     * pin ({@code &x.roots=VERSION-SHA256}), so a new subscriber accepts only this root history.
     */
    public String shareableMagnet() throws IOException {
        List<SignedRootSet> history = rootHistory();
        SignedRootSet current = history.get(history.size() - 1);
        // A store whose channel key is no root of version 1 pins version 1 too: the key alone anchors nothing.
        boolean pin = current.version() > 1 || Files.exists(dir.resolve("keys/channel.key"));
        return magnet().format() + (pin ? RootPin.of(current).magnetParam() : "");
    }

    /** The certified keys (not the root), each with the signatures the store made on it. */
    public List<Certificate> keyring() throws IOException {
        List<Certificate> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("keyring"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".asc")).sorted().toList()) {
                out.add(Certificate.parse(Files.readAllBytes(f)));
            }
        }
        return out;
    }

    /**
     * The signature packets the current root set endorsed at its rotation (sorted SHA-256s; empty when it endorsed
     * nothing), checked against the count and digest the rotation signed.
     */
    public List<String> endorsed() throws IOException {
        List<SignedRootSet> history = rootHistory();
        SignedRootSet current = history.get(history.size() - 1);
        Path f = dir.resolve("endorsed").resolve("version-" + current.version() + ".json");
        List<String> list = List.of();
        if (Files.exists(f)) {
            try {
                list = List.of(JSON.readValue(f.toFile(), String[].class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new StoreException(f + " is invalid: " + e.getOriginalMessage(), e);
            }
        }
        if (!current.endorses().matches(list)) {
            throw new StoreException(f + " (" + Endorsement.of(list) + ") is not the list root set version "
                    + current.version() + " endorsed (" + current.endorses() + "): restore it from the last generation"
                    + " (its catalog's \"endorsed\") or a backup");
        }
        return list;
    }

    /**
     * The store's web: the current roots, the certified keys, the former roots (whose endorsed signatures must
     * verify) and the decisions the current root set endorsed.
     */
    public TrustWeb trustWeb() throws IOException {
        RootSet set = roots();
        List<Certificate> keys = new ArrayList<>(keyring());
        for (Certificate c : rootCertificates().values()) {
            if (!set.contains(c.fingerprint())) {
                keys.add(c);
            }
        }
        return set.web(keys, endorsed());
    }

    public Certificate certify(Certificate developer, Level level, Scope scope, Instant expires, Instant now)
            throws IOException {
        if (rootCertificates().containsKey(developer.fingerprint().hex())) {
            throw new StoreException("key " + developer.fingerprint() + " is a root of this store; roots are not certified");
        }
        if (expires != null && !expires.isAfter(now)) {
            throw new StoreException("the certification would expire at " + expires + ", which is not in the future");
        }
        return locked(() -> {
            Certificate certified = stored(developer.fingerprint()).orElse(developer);
            for (SecretKey r : signingRoots("certifying a key")) {
                certified = org.caravan.keyring.trust.StoreAuthority.certify(r, certified, level, scope, now, expires);
            }
            writeAtomically(keyFile(developer.fingerprint()), certified.armored().getBytes(StandardCharsets.US_ASCII));
            return certified;
        });
    }

    public Certificate revoke(Fingerprint key, RevocationReason reason, String comment, Instant now) throws IOException {
        return locked(() -> {
            Certificate base = stored(key).orElseThrow(
                    () -> new StoreException("key " + key.hex() + " is not certified by this store; nothing to revoke"));
            Certificate revoked = base;
            for (SecretKey r : signingRoots("revoking a key")) {
                revoked = org.caravan.keyring.trust.StoreAuthority.revoke(r, revoked, reason, comment, now);
            }
            writeAtomically(keyFile(key), revoked.armored().getBytes(StandardCharsets.US_ASCII));
            return revoked;
        });
    }

    /** What {@link #importSignatures} did with one key: its signatures by others before and after. */
    public record Imported(Certificate key, int before, int after) {}

    /**
     * Takes certifications and revocations that keys of the store's web made elsewhere (a maintainer
     * certifying or revoking in scope, developers vouching for each other toward promotion, a key's own or
     * designated revocation, a cross-certification) into the store's keyring, merged with what it holds.
     * Nothing is decided here: the trust engine counts only what it verifies, under the store's rules. A
     * certificate the store does not hold that carries no signature by a key of this store, or a root's, is
     * refused and nothing is written.
     */
    public List<Imported> importSignatures(List<Certificate> certificates) throws IOException {
        return locked(() -> {
            java.util.Set<String> roots = rootCertificates().keySet();
            java.util.Set<String> known = new java.util.HashSet<>(roots);
            keyring().forEach(c -> known.add(c.fingerprint().hex()));
            List<Certificate> merged = new ArrayList<>();
            List<Imported> out = new ArrayList<>();
            for (Certificate c : certificates) {
                if (roots.contains(c.fingerprint().hex())) {
                    throw new StoreException("key " + c.fingerprint() + " is a root of this store; roots are changed with"
                            + " store root rotate");
                }
                // A key the store holds may bring anything (its own revocation, say); a new key needs a signature by
                // a key of the store to be worth carrying in every generation.
                boolean relevant = known.contains(c.fingerprint().hex())
                        || org.caravan.keyring.trust.StoreAuthority.signaturesOn(c).stream()
                                .anyMatch(s -> s.issuer() != null && known.contains(s.issuer().hex()));
                if (!relevant) {
                    throw new StoreException("key " + c.fingerprint() + " (" + c.userId() + ") carries no certification"
                            + " or revocation by a key of this store; nothing to import");
                }
                Optional<Certificate> held = stored(c.fingerprint());
                int before = held.map(h -> org.caravan.keyring.trust.StoreAuthority.signaturesOn(h).size()).orElse(0);
                Certificate m = held.map(h -> h.mergedWith(c)).orElse(c);
                merged.add(m);
                out.add(new Imported(m, before, org.caravan.keyring.trust.StoreAuthority.signaturesOn(m).size()));
            }
            for (Certificate m : merged) {
                writeAtomically(keyFile(m.fingerprint()), m.armored().getBytes(StandardCharsets.US_ASCII));
            }
            return out;
        });
    }

    /**
     * The webs of other stores whose root this store cross-certified, as their maintainers hand them over
     * ({@code caravan store keyring}), each in {@code stores/ROOT.asc} named by that root. The trust engine
     * judges those stores' developers by them, within the scope of the cross-certification; the store's
     * decisions ({@link #check}, {@link #add}, developer channels, {@code trust explain}) use them as context.
     * A client uses the other store's own catalog instead, so it must subscribe to that store too.
     */
    public Map<String, TrustWeb> otherStores() throws IOException {
        Path d = dir.resolve("stores");
        Map<String, TrustWeb> out = new java.util.TreeMap<>();
        if (!Files.isDirectory(d)) {
            return out;
        }
        try (Stream<Path> files = Files.list(d)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".asc")).sorted().toList()) {
                String rootFpr = f.getFileName().toString().replaceFirst("\\.asc$", "");
                List<Certificate> roots = new ArrayList<>();
                List<Certificate> keys = new ArrayList<>();
                for (Certificate c : Certificate.parseAll(Files.readAllBytes(f))) {
                    (c.fingerprint().hex().equals(rootFpr) ? roots : keys).add(c);
                }
                if (roots.isEmpty()) {
                    throw new StoreException(f + " lacks the certificate of the store root " + rootFpr
                            + " it is named by; import that store's keyring again (store import --store)");
                }
                out.put(roots.get(0).userId() + " [" + rootFpr + "]", new TrustWeb(roots, keys));
            }
        }
        return out;
    }

    /** What this store's decisions may use beyond its own web: the other stores' webs ({@link #otherStores}). */
    public TrustContext trustContext() throws IOException {
        return TrustContext.ofStores(otherStores());
    }

    /** Every certificate a signature on a package this store judges may come from: its web and the other stores'. */
    public List<Certificate> signatureCandidates() throws IOException {
        TrustWeb web = trustWeb();
        List<Certificate> out = new ArrayList<>(web.keys());
        out.addAll(web.roots());
        for (TrustWeb other : otherStores().values()) {
            out.addAll(other.roots());
            out.addAll(other.keys());
        }
        return out;
    }

    /** What {@link #importStoreWeb} kept: the other store's root this store certified, and how many keys it holds. */
    public record ImportedStore(Certificate root, int keys) {}

    /**
     * Keeps another store's web (its roots and the keys it certified, with its certifications and revocations)
     * for judging that store's developers here. It must contain a key this store certified (the other store's
     * root, certified with {@code store certify}); that key is its root here. What was kept before is merged, so
     * an older copy never drops a revocation.
     */
    public ImportedStore importStoreWeb(List<Certificate> certificates) throws IOException {
        return locked(() -> {
            Certificate bridge = null;
            for (Certificate c : certificates) {
                if (stored(c.fingerprint()).isPresent()) {
                    bridge = c;
                    break;
                }
            }
            if (bridge == null) {
                throw new StoreException("none of the " + certificates.size() + " keys is a key this store certified: "
                        + "certify the other store's root first (caravan store certify --cert ROOT.asc --level L "
                        + "--scope S), then import its keyring");
            }
            Path f = dir.resolve("stores").resolve(bridge.fingerprint().hex() + ".asc");
            Map<String, Certificate> web = new LinkedHashMap<>();
            if (Files.exists(f)) {
                for (Certificate c : Certificate.parseAll(Files.readAllBytes(f))) {
                    web.put(c.fingerprint().hex(), c);
                }
            }
            for (Certificate c : certificates) {
                web.merge(c.fingerprint().hex(), c, Certificate::mergedWith);
            }
            Files.createDirectories(f.getParent());
            writeAtomically(f, Certificate.armoredKeyring(new ArrayList<>(web.values())).getBytes(StandardCharsets.US_ASCII));
            return new ImportedStore(bridge, web.size() - 1);
        });
    }

    private Optional<Certificate> stored(Fingerprint fpr) throws IOException {
        Path f = keyFile(fpr);
        return Files.exists(f) ? Optional.of(Certificate.parse(Files.readAllBytes(f))) : Optional.empty();
    }

    private Path keyFile(Fingerprint fpr) {
        return dir.resolve("keyring").resolve(fpr.hex() + ".asc");
    }

    /**
     * Admits a package: its signatures (beside it) must verify and the trust engine must admit the
     * signer for the package's id and category at {@code now}.
     */
    public ReleaseRecord add(Path car, Instant now) throws IOException {
        return add(car, List.of(), now);
    }

    /**
     * As {@link #add(Path, Instant)}, listing {@code mirrors} (HTTP(S) URLs of the file peers fetch, see
     * {@link #servedFile}) as BEP 19 web seeds of the release. A URL ending in {@code /} is a folder: the served
     * file's name is appended (ID-VERSION.car in an open store, SHA256.cpkg in a private one, whose mirrors carry the
     * sealed file only). Adding mirrors to a release already in the store with the same bytes merges them
     * into its record (the next generation lists them). With mirrors, the served file's metainfo is written beside
     * it as {@code FILE.torrent}: each mirror must serve it at {@code URL.torrent}, because a web seed cannot
     * hand out the metadata a client needs before it can use the mirror (the client checks it against the
     * signed info-hash). {@link #mirrorUploads} names both files.
     */
    public ReleaseRecord add(Path car, List<String> mirrors, Instant now) throws IOException {
        return add(car, mirrors, now, done -> { });
    }

    /**
     * As {@link #add(Path, List, Instant)}, telling {@code bytesRead} how many bytes of work were done so far, for
     * a progress bar: the package is read four times (its signatures checked, its SHA-256, the copy into the store,
     * its info-hash), so the total is four times its size.
     */
    public ReleaseRecord add(Path car, List<String> mirrors, Instant now, java.util.function.LongConsumer bytesRead)
            throws IOException {
        if (!Files.isRegularFile(car)) {
            throw new StoreException("no such package file: " + car);
        }
        List<String> checkedMirrors = Release.checkMirrors(car.toString(), mirrors);
        long size = Files.size(car);
        PackageCheck check = check(car, now, bytesRead);
        Manifest manifest = check.manifest();
        if (check.signatureFiles().isEmpty()) {
            throw new StoreException("no signature beside " + car + " (expected " + car.getFileName() + ".asc or "
                    + car.getFileName() + ".sig; make one with caravan package sign)");
        }
        if (check.decision() instanceof TrustDecision.Refused r) {
            throw new StoreException.Untrusted("refusing " + manifest.id() + " " + manifest.version() + ": " + r.explain());
        }
        List<SignatureCheck> checks = check.signatures();
        List<String> armored = check.armored();
        List<SignerClaim> claims = checks.stream()
                .filter(c -> c instanceof SignatureCheck.Valid)
                .map(c -> (SignatureCheck.Valid) c)
                .map(v -> new SignerClaim(v.signer().hex(), v.signedAt()))
                .toList();
        String sha = Sha256.hex(car, done -> bytesRead.accept(size + done));
        AppDetails details = details(car, manifest);
        return locked(() -> {
            Path releaseDir = dir.resolve("packages").resolve(manifest.id()).resolve(manifest.version().toString());
            Path recordFile = releaseDir.resolve("release.json");
            if (Files.exists(recordFile)) {
                ReleaseRecord existing = JSON.readValue(recordFile.toFile(), ReleaseRecord.class);
                if (existing.sha256().equals(sha)) {
                    // Records written before licensed packages were flagged get the flag when added again.
                    String licensor = existing.licensedBy() == null ? licensor(car) : null;
                    ReleaseRecord updated = licensor == null ? existing : existing.withLicensedBy(licensor);
                    if (!checkedMirrors.isEmpty()) {
                        Path served = served(existing);
                        List<String> merged = new ArrayList<>(existing.mirrors());
                        inFolders(checkedMirrors, served).stream().filter(m -> !merged.contains(m))
                                .forEach(merged::add);
                        if (!merged.equals(existing.mirrors())) {
                            updated = updated.withMirrors(merged);
                            InfoHashes.writeTorrent(served, served.resolveSibling(served.getFileName() + ".torrent"));
                        }
                    }
                    if (updated == existing) {
                        return existing;
                    }
                    writeAtomically(recordFile, JSON.writeValueAsBytes(updated));
                    return updated;
                }
                throw new StoreException(manifest.id() + " " + manifest.version()
                        + " is already in the store with different content; publish a new version");
            }
            Optional<String> room = DiskSpace.shortOf(dir, Files.size(car));
            if (room.isPresent()) {
                throw new StoreException("cannot add " + manifest.id() + " " + manifest.version() + ": " + room.get());
            }
            Path versionsDir = releaseDir.getParent();
            boolean newApp = !Files.exists(versionsDir);
            Files.createDirectories(releaseDir);
            String fileName = manifest.id() + "-" + manifest.version() + ".car";
            Path stored = releaseDir.resolve(fileName);
            Path tmp = releaseDir.resolve(fileName + ".tmp");
            try {
                copy(car, tmp, done -> bytesRead.accept(2 * size + done));
                Files.move(tmp, stored, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                ReleaseRecord rec = new ReleaseRecord(manifest.id(), manifest.version().toString(),
                        manifest.type().text(), manifest.name(), manifest.summary(), manifest.category(), fileName, sha,
                        Files.size(stored), InfoHashes.of(stored, done -> bytesRead.accept(3 * size + done)).hex(),
                        claims, armored, List.of(), details,
                        manifest.info().releaseNotes(), licensor(car));
                if (!checkedMirrors.isEmpty()) {
                    // In a private store the sealed copy is made now, so that its name and metainfo are known.
                    Path served = served(rec);
                    rec = rec.withMirrors(inFolders(checkedMirrors, served));
                    InfoHashes.writeTorrent(served, served.resolveSibling(served.getFileName() + ".torrent"));
                }
                writeAtomically(recordFile, JSON.writeValueAsBytes(rec));
                return rec;
            } catch (IOException e) {
                // Judged before the half-added files are removed (which frees their space again).
                Optional<String> full = DiskSpace.fullAfter(dir, e);
                // Nothing half-added stays behind (the release has no record yet, so nothing lists it).
                deleteQuietly(newApp ? versionsDir : releaseDir);
                if (full.isPresent()) {
                    throw new StoreException("cannot add " + manifest.id() + " " + manifest.version() + ": "
                            + full.get(), e);
                }
                throw e;
            }
        });
    }

    /** The key that licenses {@code car} (a licensed package, protocol section 9b), for the catalog; else null. */
    private static String licensor(Path car) throws IOException {
        return org.caravan.core.pkg.LicensedPackage.isLicensed(car)
                ? org.caravan.core.pkg.LicensedPackage.header(car).licensor().hex() : null;
    }

    /** The file peers fetch for {@code r}: the package, or in a private store its sealed copy (made on first need). */
    private Path served(ReleaseRecord r) throws IOException {
        return isPrivate() ? packageFile(r).resolveSibling(sealed(r).fileName()) : packageFile(r);
    }

    /** Each folder URL (ending in {@code /}) with {@code served}'s file name appended; other URLs as they are. */
    private static List<String> inFolders(List<String> mirrors, Path served) {
        String name = served.getFileName().toString();
        return mirrors.stream().map(m -> m.endsWith("/") ? m + name : m).toList();
    }

    /**
     * What a maintainer uploads to each mirror of {@code r} ({@link #add(Path, List, Instant)}): the served file, to be
     * served at each mirror URL, and its metainfo, at {@code URL.torrent}. In a private store that is the sealed file
     * and the sealed torrent: a mirror's operator, like anyone who fetches from it, gets ciphertext and its size.
     * Empty when the release lists no mirror.
     */
    public List<Path> mirrorUploads(ReleaseRecord r) throws IOException {
        if (r.mirrors().isEmpty()) {
            return List.of();
        }
        return locked(() -> {
            Path served = served(r);
            Path torrent = served.resolveSibling(served.getFileName() + ".torrent");
            if (!Files.isRegularFile(torrent)) {
                InfoHashes.writeTorrent(served, torrent);
            }
            return List.of(served, torrent);
        });
    }

    /** Copies {@code from} to {@code to} (replacing it), telling {@code bytesCopied} how far it has come. */
    private static void copy(Path from, Path to, java.util.function.LongConsumer bytesCopied) throws IOException {
        byte[] buf = new byte[1 << 20];
        long done = 0;
        try (java.io.InputStream in = Files.newInputStream(from); java.io.OutputStream out = Files.newOutputStream(to)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                done += n;
                bytesCopied.accept(done);
            }
        }
    }

    /**
     * What the catalog shows about the package's app, from its manifest: the icon and screenshots are read out
     * of the package (checked against the manifest's hashes) so that clients see them before any download. The
     * licence is checked against the SPDX list here, where the maintainer can ask the developer to fix it.
     */
    private static AppDetails details(Path car, Manifest manifest) throws IOException {
        AppInfo info = manifest.info();
        try {
            if (!info.license().isEmpty()) {
                SpdxExpression.check(info.license());
            }
            String icon = "";
            if (info.icon() != null) {
                byte[] bytes = PackageReader.readFile(car, manifest, info.icon());
                AppInfo.checkImage("icon", info.icon(), bytes);
                icon = Base64.getEncoder().encodeToString(bytes);
            }
            List<AppDetails.Shot> shots = new ArrayList<>();
            for (AppInfo.Screenshot s : info.screenshots()) {
                byte[] bytes = PackageReader.readFile(car, manifest, s.path());
                AppInfo.checkImage("screenshot", s.path(), bytes);
                shots.add(new AppDetails.Shot(s.caption(), Base64.getEncoder().encodeToString(bytes)));
            }
            return new AppDetails(info.description(), info.homepage(), info.license(), info.keywords(), icon, shots);
        } catch (IllegalArgumentException e) {
            throw new StoreException("refusing " + manifest.label() + " from " + car + ": " + e.getMessage()
                    + " (rebuild the package with a fixed one)");
        }
    }

    /**
     * Withdraws a release (e.g. a broken build): the next generation no longer lists it, so no client
     * installs it any more. Returns false when the store does not have it.
     */
    public boolean remove(String id, String version) throws IOException {
        return locked(() -> {
            Path releaseDir = dir.resolve("packages").resolve(id).resolve(version);
            if (!Files.isRegularFile(releaseDir.resolve("release.json"))) {
                return false;
            }
            Path trash = Files.createTempDirectory(dir, ".removed-");
            Files.move(releaseDir, trash.resolve(version), StandardCopyOption.ATOMIC_MOVE);
            try (Stream<Path> walk = Files.walk(trash)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            try (Stream<Path> left = Files.list(releaseDir.getParent())) {
                if (left.findAny().isEmpty()) {
                    Files.delete(releaseDir.getParent());
                }
            }
            return true;
        });
    }

    /** What the store's keys and trust rules say of a package and the signatures lying beside it. */
    public record PackageCheck(Manifest manifest, List<Path> signatureFiles, List<String> armored,
            List<SignatureCheck> signatures, TrustDecision decision) {}

    /**
     * Verifies the signatures beside {@code car} against the store's keys and asks the trust engine about
     * the package at {@code at}; changes nothing. {@link #add} admits only what this trusts.
     */
    public PackageCheck check(Path car, Instant at) throws IOException {
        return check(car, at, done -> { });
    }

    /**
     * As {@link #check(Path, Instant)}, telling {@code bytesRead} how far each signature's pass over the package
     * has come (bytes of the file; it starts again at 0 for each signature file), for a progress bar.
     */
    public PackageCheck check(Path car, Instant at, java.util.function.LongConsumer bytesRead) throws IOException {
        Manifest manifest = PackageReader.readManifest(car);
        List<Path> sigFiles = SignatureFiles.beside(car);
        TrustWeb web = trustWeb();
        // Another store's developers sign with keys this store's keyring does not hold: that store's web has them.
        List<Certificate> candidates = signatureCandidates();
        List<SignatureCheck> checks = new ArrayList<>();
        List<String> armored = new ArrayList<>();
        for (Path s : sigFiles) {
            // A binary FILE.sig is recorded armored, as every signature a catalog carries.
            String text = SignatureFiles.readArmored(s);
            checks.addAll(DetachedSignatures.verify(car, text.getBytes(StandardCharsets.ISO_8859_1), candidates,
                    bytesRead));
            armored.add(text);
        }
        Subject subject = new Subject(manifest.id(), manifest.category(), manifest.type().text());
        TrustEngine engine = new TrustEngine(policy().trustPolicy());
        return new PackageCheck(manifest, sigFiles, armored, checks, engine.decide(web, checks, subject, at,
                trustContext()));
    }

    public List<ReleaseRecord> releases() throws IOException {
        List<ReleaseRecord> out = new ArrayList<>();
        Path packages = dir.resolve("packages");
        try (Stream<Path> files = Files.walk(packages, 3)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("release.json")).sorted().toList()) {
                out.add(JSON.readValue(f.toFile(), ReleaseRecord.class));
            }
        }
        return out;
    }

    public Path packageFile(ReleaseRecord r) {
        return dir.resolve("packages").resolve(r.id()).resolve(r.version()).resolve(r.fileName());
    }

    /**
     * The file peers fetch for a release: the package itself in an open store; in a private store its sealed copy
     * (empty until the generation listing it is published, which seals it). The plain package of a private store is
     * never served.
     */
    public Optional<Path> servedFile(ReleaseRecord r) throws IOException {
        if (!isPrivate()) {
            return Optional.of(packageFile(r));
        }
        Path record = sealedRecord(r);
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        SealedFile s = JSON.readValue(record.toFile(), SealedFile.class);
        return Optional.of(packageFile(r).resolveSibling(s.fileName()));
    }

    /** {@code packages/ID/VERSION/sealed.json}: how a private store's release travels, with its key (mode 600). */
    private Path sealedRecord(ReleaseRecord r) {
        return packageFile(r).resolveSibling("sealed.json");
    }

    /**
     * The sealed copy of a private store's release, made on first need under a key of its own. Kept as long as the
     * release is: an unchanged package keeps its ciphertext and info-hash across generations and re-keyings, so
     * nothing is sealed or seeded again when subscribers change; a removed subscriber who saw its key could have
     * kept the plain package anyway, and learns no key made after its removal.
     */
    private SealedFile sealed(ReleaseRecord r) throws IOException {
        Path record = sealedRecord(r);
        if (Files.isRegularFile(record)) {
            SealedFile s = JSON.readValue(record.toFile(), SealedFile.class);
            if (Files.isRegularFile(packageFile(r).resolveSibling(s.fileName()))) {
                return s;
            }
        }
        PrivatePackage.Sealed sealed = PrivatePackage.seal(packageFile(r), packageFile(r).getParent());
        SealedFile s = new SealedFile(InfoHashes.of(sealed.file()).hex(), sealed.sha256(), sealed.size(),
                sealed.key().hex());
        Path tmp = record.resolveSibling("sealed.json.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, JSON.writeValueAsBytes(s));
        Files.move(tmp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return s;
    }

    /**
     * Makes this new store private (before its first generation): every generation from now on is sealed for its
     * subscribers ({@link Subscribers}). A store that published in the clear cannot become private.
     */
    public void makePrivate() throws IOException {
        locked(() -> {
            if (config().generation() > 0) {
                throw new StoreException("store " + dir + " already published " + config().generation()
                        + " generation(s) in the clear; a private store must be private from its first generation "
                        + "(make a new one with caravan store init ... --private)");
            }
            new Subscribers(dir).create();
            return null;
        });
    }

    /** Whether the store is private (its generations are sealed for its subscribers). */
    public boolean isPrivate() {
        return new Subscribers(dir).isPrivate();
    }

    /** The plain generation file of a private store, kept in the store folder and never served. */
    private Path plainGenerationFile(long generation) {
        return dir.resolve("generations").resolve("plain").resolve(GenerationBundle.fileName(generation));
    }

    public Path generationFile(long generation) {
        return dir.resolve("generations").resolve(GenerationBundle.fileName(generation));
    }

    public Path deltaFile(long toGeneration) {
        return dir.resolve("generations").resolve(DeltaBundle.fileName(toGeneration));
    }

    private Optional<Path> deltaOf(long generation) {
        Path d = deltaFile(generation);
        return Files.exists(d) ? Optional.of(d) : Optional.empty();
    }

    /**
     * How many releases published generation {@code generation} lists (as its catalog says, not as the folder
     * holds now: a package added while it was published is in the next one).
     */
    public int releasesIn(long generation) throws IOException {
        GenerationBundle bundle = GenerationBundle.read(isPrivate() ? plainGenerationFile(generation)
                : generationFile(generation), GenerationBundle.MAX_BUNDLE_BYTES);
        return CatalogCodec.decode(bundle.catalogJson()).apps().stream().mapToInt(a -> a.releases().size()).sum();
    }

    /** The newest published generation, if any. */
    public Optional<Publication> latest() throws IOException {
        long g = config().generation();
        return g == 0 ? Optional.empty() : Optional.of(new Publication(g, generationFile(g), deltaOf(g), false));
    }

    /**
     * Publishes a new generation when the keyring or the packages changed since the last one, or when
     * the last one has used up half its lifetime; otherwise returns the last one.
     */
    public Publication publish(Instant now) throws IOException {
        return locked(() -> {
            StoreConfig cfg = config();
            byte[] keyringBytes = keyringFile();
            List<CatalogApp> apps = apps();
            Optional<Catalog> previous = Optional.empty();
            String previousHash = null;
            GenerationBundle prev = null;
            if (cfg.generation() > 0) {
                prev = GenerationBundle.read(isPrivate() ? plainGenerationFile(cfg.generation())
                        : generationFile(cfg.generation()), GenerationBundle.MAX_BUNDLE_BYTES);
                previous = Optional.of(CatalogCodec.decode(prev.catalogJson()));
                previousHash = Sha256.hex(prev.catalogJson());
            }
            StorePolicy policy = policy();
            List<SignedRootSet> history = rootHistory();
            List<String> roots = history.get(history.size() - 1).roots();
            List<SignedRootSet> carried = history.size() == 1 ? List.of() : history;
            List<String> endorsed = endorsed();
            RootSet set = roots();
            List<SecretKey> signers = heldSecrets(set);
            OnlineKeyDelegation delegation = null;
            List<String> policySigs = List.of();
            Instant expires = now.plus(policy.catalogLifetime());
            if (signers.size() < set.threshold()) {
                Optional<SecretKey> online = usableOnlineKey(set, now);
                if (online.isEmpty()) {
                    signingRoots("publishing a generation"); // names what is missing
                }
                delegation = onlineDelegation().orElseThrow();
                signers = List.of(online.get());
                policySigs = policySignatures();
                List<SignatureCheck> checks = new ArrayList<>();
                for (String sig : policySigs) {
                    checks.addAll(DetachedSignatures.verify(policy.canonicalBytes(HexFormat.of().formatHex(storeKey())),
                            sig.getBytes(StandardCharsets.US_ASCII), set.roots()));
                }
                if (!set.quorumIn(checks)) {
                    throw new StoreException("the online key " + delegation.key() + " publishes only a policy " + set.threshold()
                            + " roots signed, and policy-signatures.json holds " + set.signersAmong(checks).size()
                            + " (the root holders sign it: caravan store policy --dir " + dir + " --sign-with ROOTKEY)");
                }
                if (expires.isAfter(delegation.validUntil())) {
                    expires = delegation.validUntil(); // clients refuse a catalog outliving its signer's delegation
                }
            }
            String keyringSha = Sha256.hex(keyringBytes);
            if (previous.isPresent()) {
                Catalog p = previous.get();
                Instant halfLife = p.issued().plus(policy.catalogLifetime().dividedBy(2));
                boolean same = p.apps().equals(apps) && p.keyringSha256().equals(keyringSha)
                        && p.storeName().equals(cfg.name()) && p.policy().equals(policy)
                        && p.rootHistory().equals(carried) && p.endorsed().equals(endorsed)
                        && java.util.Objects.equals(p.delegation(), delegation) && p.policySignatures().equals(policySigs);
                boolean subscribersChanged = isPrivate() && new Subscribers(dir).changed();
                if (same && !subscribersChanged && now.isBefore(halfLife)) {
                    return new Publication(cfg.generation(), generationFile(cfg.generation()), deltaOf(cfg.generation()), false);
                }
            }
            long next = cfg.generation() + 1;
            Catalog catalog = new Catalog(Catalog.FORMAT_VERSION, HexFormat.of().formatHex(storeKey()), cfg.name(), next,
                    now, expires, previousHash, roots, keyringSha, policy, apps, carried, endorsed, delegation,
                    policySigs);
            byte[] json = CatalogCodec.encode(catalog);
            List<String> armored = new ArrayList<>();
            for (SecretKey r : signers) {
                armored.add(DetachedSignatures.sign(r, json, now));
            }
            byte[] sig = DetachedSignatures.combine(armored).getBytes(StandardCharsets.US_ASCII);
            Path file = generationFile(next);
            GenerationBundle bundle = new GenerationBundle(json, sig, keyringBytes);
            if (isPrivate()) {
                // Sealed with a fresh content key for today's subscribers: a removed one reads nothing from here on.
                // No delta: it would travel in the clear.
                Subscribers subscribers = new Subscribers(dir);
                List<Certificate> readers = subscribers.list();
                if (readers.isEmpty()) {
                    throw new StoreException("private store " + dir + " has no subscribers, so nobody could read its "
                            + "next generation; add one: caravan store subscribers add --dir " + dir + " --cert FILE");
                }
                Path plain = plainGenerationFile(next);
                Files.createDirectories(plain.getParent());
                bundle.write(plain);
                org.caravan.core.catalog.PrivateGeneration.seal(plain, file, readers);
                subscribers.published();
            } else {
                bundle.write(file);
                if (prev != null) {
                    DeltaBundle.between(prev, bundle).write(deltaFile(next));
                }
            }
            writeConfig(cfg.withGeneration(next));
            return new Publication(next, file, deltaOf(next), true);
        });
    }

    private byte[] keyringFile() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Every root ever in the root set (old ones too: clients check each rotation's signatures).
        for (Certificate r : rootCertificates().values()) {
            out.write(r.armored().getBytes(StandardCharsets.US_ASCII));
        }
        for (Certificate c : keyring()) {
            out.write(c.armored().getBytes(StandardCharsets.US_ASCII));
        }
        Path online = dir.resolve("keys/online.key");
        if (Files.exists(online)) {
            // Clients check the online key's catalog signature against this certificate (and its delegation).
            out.write(readSecretKey(online, passphrase).certificate().armored().getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private List<CatalogApp> apps() throws IOException {
        Map<String, List<ReleaseRecord>> byId = new LinkedHashMap<>();
        for (ReleaseRecord r : releases()) {
            byId.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r);
        }
        List<CatalogApp> apps = new ArrayList<>();
        for (Map.Entry<String, List<ReleaseRecord>> e : byId.entrySet()) {
            List<ReleaseRecord> rs = new ArrayList<>(e.getValue());
            rs.sort(Comparator.comparing(r -> Version.parse(r.version())));
            ReleaseRecord newest = rs.get(rs.size() - 1);
            List<Release> releases = new ArrayList<>();
            for (ReleaseRecord r : rs) {
                releases.add(isPrivate() ? r.release().withSealed(sealed(r)) : r.release());
            }
            apps.add(new CatalogApp(e.getKey(), newest.name(), newest.summary(), newest.category(), releases,
                    newest.details()));
        }
        return apps;
    }

    private void writeConfig(StoreConfig cfg) throws IOException {
        writeAtomically(dir.resolve("store.json"), JSON.writeValueAsBytes(cfg));
    }

    private static void restrict(Path keyFile) throws IOException {
        try {
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more we can do
        }
    }

    static void writeAtomically(Path file, byte[] data) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, data);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    /** Deletes a folder tree, best effort: what cannot be deleted is logged, not thrown over the first failure. */
    private static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(StoreDirectory.class).warn("cannot remove {}: {}", folder, e.toString());
        }
    }

    /**
     * One lock per store folder for the threads of this process. A {@link FileLock} keeps other processes out, but a
     * second {@code lock()} on the same file from this JVM throws {@code OverlappingFileLockException} instead of
     * waiting: {@code store serve}'s collector admitting a developer's release while its publish step runs, or a
     * test's {@code store add} beside an in-process serve, must queue here first.
     */
    private static final java.util.concurrent.ConcurrentHashMap<Path, java.util.concurrent.locks.ReentrantLock> IN_PROCESS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private <T> T locked(IoAction<T> action) throws IOException {
        java.util.concurrent.locks.ReentrantLock here = IN_PROCESS.computeIfAbsent(dir.toAbsolutePath().normalize(),
                d -> new java.util.concurrent.locks.ReentrantLock());
        here.lock();
        try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            return action.run();
        } catch (FileAlreadyExistsException e) {
            throw new StoreException("cannot lock " + dir, e);
        } finally {
            here.unlock();
        }
    }
}
