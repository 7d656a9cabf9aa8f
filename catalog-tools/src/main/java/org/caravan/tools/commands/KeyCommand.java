package org.caravan.tools.commands;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.caravan.core.store.StoreDirectory;
import org.caravan.keyring.key.SecretKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "key", mixinStandardHelpOptions = true, description = "Make and export OpenPGP keys.",
        subcommands = {KeyCommand.Generate.class, KeyCommand.Export.class})
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

        @Option(names = "--no-passphrase", description = "Store the secret key unprotected (required for now: "
                + "passphrase protection is not supported yet).")
        boolean noPassphrase;

        @Option(names = "--force", description = "Overwrite FILE if it exists.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (!noPassphrase) {
                throw new IllegalArgumentException("passphrase-protected keys are not supported yet; pass --no-passphrase");
            }
            if (uid.isBlank()) {
                throw new IllegalArgumentException("--uid is empty");
            }
            if (Files.exists(out) && !force) {
                throw new IllegalArgumentException(out + " exists; pass --force to overwrite it");
            }
            SecretKey key = SecretKey.generate(uid.trim(), Instant.now());
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            Files.write(tmp, key.armored().getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine().getOut().println(key.fingerprint().hex() + " " + key.userId());
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
}
