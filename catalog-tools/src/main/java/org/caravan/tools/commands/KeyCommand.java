package org.caravan.tools.commands;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.caravan.core.store.RootRotationProposal;
import org.caravan.core.store.StoreDirectory;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import org.caravan.keyring.sign.DetachedSignatures;
import org.caravan.keyring.trust.KeyRevocations;
import org.caravan.keyring.trust.Level;
import org.caravan.keyring.trust.RevocationReason;
import org.caravan.keyring.trust.Scope;
import org.caravan.keyring.trust.StoreAuthority;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "key", mixinStandardHelpOptions = true,
        description = "Make and export OpenPGP keys; certify, revoke and designate revokers with your own key; "
                + "approve a store's root rotation.",
        subcommands = {KeyCommand.Generate.class, KeyCommand.Export.class, KeyCommand.Certify.class,
                KeyCommand.Revoke.class, KeyCommand.DesignateRevoker.class, KeyCommand.SignRoots.class, KeyCommand.Passwd.class,
                KeyShowCommand.class})
public final class KeyCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Generate an Ed25519 OpenPGP key (sign + certify) and write its secret key file.")
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--uid", required = true, paramLabel = "\"NAME <EMAIL>\"", description = "The user id.")
        String uid;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Secret key file to write (mode 600).")
        Path out;

        @Option(names = "--no-passphrase", description = "Store the secret key unprotected (for test stores and "
                + "machines whose disk is protected otherwise).")
        boolean noPassphrase;

        @picocli.CommandLine.Mixin
        PassphraseOption passphrase;

        @Option(names = "--force", description = "Overwrite FILE if it exists.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (uid.isBlank()) {
                throw new IllegalArgumentException("--uid is empty");
            }
            if (Files.exists(out) && !force) {
                throw new IllegalArgumentException(out + " exists; pass --force to overwrite it");
            }
            if (noPassphrase && passphrase.file != null) {
                throw new IllegalArgumentException("--no-passphrase and --passphrase-file exclude each other");
            }
            char[] pass = noPassphrase ? null : passphrase.forNewKey();
            if (!noPassphrase && pass == null) {
                throw new IllegalArgumentException("a new key is protected by a passphrase: give it with --passphrase-file "
                        + "FILE or $" + PassphraseOption.ENV + ", or run in a terminal to type it; or pass --no-passphrase");
            }
            SecretKey key = SecretKey.generate(uid.trim(), Instant.now());
            if (pass != null) {
                try {
                    key = key.protectedWith(pass);
                } finally {
                    java.util.Arrays.fill(pass, '\0');
                }
            }
            writeSecretKeyFile(key, out);
            spec.commandLine().getOut().println(key.fingerprint().hex() + " " + key.userId()
                    + (key.isProtected() ? "" : " (unprotected)"));
            return 0;
        }
    }

    /** Writes a secret key file owner-only (mode 600) and atomically: beside it first, then moved over it. */
    static void writeSecretKeyFile(SecretKey key, Path out) throws java.io.IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        // Created owner-only, so the secret key is never readable by others, not even for a moment.
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system
        }
        Files.write(tmp, key.armored().getBytes(StandardCharsets.US_ASCII), StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Change the passphrase of a secret key file (its primary key and every subkey), set one on an "
                    + "unprotected key, or remove it with --no-passphrase. The current passphrase comes from "
                    + "--passphrase-file / --passphrase-dir or the terminal; the new one from --new-passphrase-file or "
                    + "the terminal (typed twice). The file is replaced atomically, mode 600.")
    static final class Passwd implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "KEYFILE", description = "The secret key file to change.")
        Path keyFile;

        @Mixin
        PassphraseOption current;

        @Option(names = "--new-passphrase-file", paramLabel = "FILE",
                description = "The new passphrase: the first line of FILE (default: typed twice in the terminal).")
        Path newFile;

        @Option(names = "--no-passphrase", description = "Remove the passphrase: the key file is then unprotected.")
        boolean noPassphrase;

        @Override
        public Integer call() throws Exception {
            if (noPassphrase && newFile != null) {
                throw new IllegalArgumentException("--no-passphrase and --new-passphrase-file exclude each other");
            }
            SecretKey key = StoreDirectory.readSecretKey(keyFile);
            if (!key.isProtected() && noPassphrase) {
                throw new IllegalArgumentException(keyFile + ": secret key " + key.certificate()
                        + " has no passphrase; nothing to remove");
            }
            char[] old = key.isProtected() ? current.source().forKey(key.certificate()) : null;
            char[] fresh = null;
            try {
                if (!noPassphrase) {
                    PassphraseOption next = new PassphraseOption();
                    next.file = newFile;
                    fresh = newFile != null ? next.forNewKey() : PassphraseOption.typedTwice();
                    if (fresh == null) {
                        throw new IllegalArgumentException("the new passphrase of " + key.certificate() + ": give it with "
                                + "--new-passphrase-file FILE or run in a terminal; or pass --no-passphrase");
                    }
                }
                SecretKey changed;
                try {
                    changed = org.caravan.keyring.key.PassphraseChange.apply(key, old, fresh);
                } catch (org.caravan.keyring.key.KeyFormatException e) {
                    throw new IllegalArgumentException(keyFile + ": " + e.getMessage(), e);
                }
                writeSecretKeyFile(changed, keyFile);
            } finally {
                if (old != null) {
                    java.util.Arrays.fill(old, '\0');
                }
                if (fresh != null) {
                    java.util.Arrays.fill(fresh, '\0');
                }
            }
            spec.commandLine().getOut().println(keyFile + ": " + key.certificate() + (noPassphrase
                    ? " is now unprotected" : " is protected by the new passphrase"));
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Print the armored public certificate of a secret key file on stdout.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "KEYFILE", description = "A secret key file (from key generate or gpg --export-secret-keys).")
        Path keyFile;

        @Override
        public Integer call() throws Exception {
            SecretKey key = StoreDirectory.readSecretKey(keyFile);
            spec.commandLine().getOut().print(key.certificate().armored());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** Your own key, which makes the signature, and where the certificate with it goes. */
    static final class OwnKey {
        @Mixin
        SigningKeyOption key;

        SecretKey read() throws java.io.IOException {
            return key.read();
        }

        @Option(names = "--out", paramLabel = "FILE", description = "Write the certificate here instead of stdout.")
        Path out;
    }

    /** Writes an armored certificate to {@code out} (atomically) or stdout. */
    static void emit(CommandSpec spec, Certificate cert, Path out) throws java.io.IOException {
        if (out == null) {
            spec.commandLine().getOut().print(cert.armored());
            spec.commandLine().getOut().flush();
            return;
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, cert.armored(), StandardCharsets.US_ASCII);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        spec.commandLine().getErr().println("wrote " + out);
    }

    @Command(name = "certify", mixinStandardHelpOptions = true,
            description = "Certify another key with your key, with a level and a scope: a maintainer certifying for the "
                    + "store within its scope, or developers vouching for each other toward promotion. Writes the "
                    + "certificate with your certification; the store takes it in with store import.")
    static final class Certify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        OwnKey own;

        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "The other key's armored certificate.")
        Path cert;

        @Mixin
        StoreCommand.CertificationOptions what;


        @Override
        public Integer call() throws Exception {
            SecretKey mine = own.read();
            Certificate theirs = StoreDirectory.readCertificate(cert);
            if (mine.fingerprint().equals(theirs.fingerprint())) {
                throw new IllegalArgumentException("a key cannot certify itself (its own certification never counts)");
            }
            Certificate certified = StoreAuthority.certify(mine, theirs, Level.parse(what.level), Scope.parse(what.scope),
                    Instant.now(), StoreCommand.parseTime(what.expires));
            emit(spec, certified, own.out);
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Without --cert: revoke your own key. With --cert: revoke your certification of that key (a "
                    + "maintainer revoking in scope), or with --designated revoke that key as its designated revoker. "
                    + "--reason is required: compromised and unspecified are hard; retired and superseded are soft.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        OwnKey own;

        @Option(names = "--cert", paramLabel = "FILE", description = "The other key's armored certificate.")
        Path cert;

        @Option(names = "--designated", description = "Revoke the key itself, as the revoker it designated.")
        boolean designated;

        @Mixin
        StoreCommand.RevocationOptions why;
        @Mixin
        Confirmation confirmation;

        @Option(names = "--dry-run", description = "Only say what would be revoked; write nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            SecretKey mine = own.read();
            RevocationReason r = RevocationReason.parse(why.reason);
            Certificate target = cert == null ? mine.certificate() : StoreDirectory.readCertificate(cert);
            String what = (cert == null ? "revoke your own key " : designated ? "revoke, as its designated revoker, "
                    : "revoke your certification of ") + target + " as " + r + (r.hard() ? " (hard)" : " (soft)")
                    + (own.out != null ? ", written to " + own.out : "");
            if (dryRun) {
                spec.commandLine().getOut().println("would " + what + "; nothing written (--dry-run)");
                return 0;
            }
            confirmation.confirm("key revoke", what);
            String comment = why.comment;
            Certificate result;
            if (cert == null) {
                if (designated) {
                    throw new IllegalArgumentException("--designated needs --cert: the key you revoke as its revoker");
                }
                result = KeyRevocations.revokeSelf(mine, r, comment, Instant.now());
            } else {
                Certificate theirs = StoreDirectory.readCertificate(cert);
                result = designated
                        ? KeyRevocations.revokeAs(mine, theirs, r, comment, Instant.now())
                        : StoreAuthority.revoke(mine, theirs, r, comment, Instant.now());
            }
            emit(spec, result, own.out);
            return 0;
        }
    }

    @Command(name = "designate-revoker", mixinStandardHelpOptions = true,
            description = "Allow another key (a second device, a maintainer) to revoke your key if you lose it.")
    static final class DesignateRevoker implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        OwnKey own;

        @Option(names = "--revoker", required = true, paramLabel = "FILE", description = "The revoker's armored certificate.")
        Path revoker;


        @Override
        public Integer call() throws Exception {
            SecretKey mine = own.read();
            emit(spec, KeyRevocations.designateRevoker(mine, StoreDirectory.readCertificate(revoker), Instant.now()), own.out);
            return 0;
        }
    }

    @Command(name = "sign-roots", mixinStandardHelpOptions = true,
            description = "Approve a store's root rotation with your root key, on your own machine: adds your signature "
                    + "to the proposal FILE (made by store root rotate --propose), which goes back to the store for "
                    + "store root rotate --apply.")
    static final class SignRoots implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        SigningKeyOption key;

        @Parameters(paramLabel = "FILE", description = "The rotation proposal (JSON).")
        Path file;

        @Override
        public Integer call() throws Exception {
            RootRotationProposal p = RootRotationProposal.read(file);
            SecretKey mine = key.read();
            var out = spec.commandLine().getOut();
            out.println("store " + p.storeKey() + ": root set version " + p.version() + ", " + p.threshold() + " of "
                    + p.roots().size() + " roots:");
            p.roots().forEach(r -> out.println("  " + r + (r.equals(mine.fingerprint().hex()) ? "  (you)" : "")));
            if (p.signedBy(mine.certificate())) {
                throw new IllegalArgumentException(file + " is signed by " + mine.certificate() + " already");
            }
            p.withSignature(DetachedSignatures.sign(mine, p.canonicalBytes(), Instant.now())).write(file);
            out.println("signed as " + mine.certificate() + (p.roots().contains(mine.fingerprint().hex()) ? ""
                    : " (not a root of the new set: counts only as a current root)") + "; " + (p.signatures().size() + 1)
                    + " signature(s) in " + file);
            return 0;
        }
    }
}
