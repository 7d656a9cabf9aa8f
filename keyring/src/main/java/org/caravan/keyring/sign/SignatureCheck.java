package org.caravan.keyring.sign;

import java.time.Instant;
import org.caravan.keyring.key.Fingerprint;

/** The outcome of checking one detached signature over some data. */
public sealed interface SignatureCheck {

    /** The signature is cryptographically valid and was made by {@code signer} (primary key fingerprint) at {@code signedAt}. */
    record Valid(Fingerprint signer, Instant signedAt) implements SignatureCheck {}

    /** The signature does not verify, or no candidate certificate made it; {@code reason} says which. */
    record Invalid(String reason) implements SignatureCheck {}
}
