package org.caravan.core.net;

import java.security.SecureRandom;

/**
 * The ed25519 keys of a store's channel (BEP 44), as plain bytes so no libtorrent type leaks out.
 * The 32-byte seed is the secret a publisher keeps; the public key is what a {@link StoreMagnet} names.
 */
public final class ChannelKeys {
    public static final int SEED_BYTES = 32;

    private ChannelKeys() {}

    /** A fresh random seed. */
    public static byte[] newSeed() {
        byte[] seed = new byte[SEED_BYTES];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    /** The 32-byte ed25519 public key of {@code seed}. */
    public static byte[] publicKey(byte[] seed) {
        return keypair(seed)[0];
    }

    /** {public key (32 bytes), libtorrent's expanded secret key (64 bytes)}. */
    static byte[][] keypair(byte[] seed) {
        if (seed == null || seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("an ed25519 seed has " + SEED_BYTES + " bytes, not "
                    + (seed == null ? "none" : seed.length));
        }
        NativeLibrary.ensureLoaded();
        var pair = org.libtorrent4j.Ed25519.createKeypair(seed);
        return new byte[][] {pair.first, pair.second};
    }
}
