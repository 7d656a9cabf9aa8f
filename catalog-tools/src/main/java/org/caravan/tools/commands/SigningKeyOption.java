package org.caravan.tools.commands;

import java.io.IOException;
import java.nio.file.Path;
import org.caravan.core.store.StoreDirectory;
import org.caravan.keyring.key.SecretKey;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Your own secret key, for a command that signs with it, and where its passphrase comes from if protected. */
final class SigningKeyOption {
    @Option(names = "--key", required = true, paramLabel = "KEYFILE", description = "Your secret key file.")
    Path file;

    @Mixin
    PassphraseOption passphrase;

    /** The key, read for its public part; a protected one asks its passphrase when it first signs. */
    SecretKey read() throws IOException {
        return StoreDirectory.readSecretKey(file, passphrase.source());
    }
}
