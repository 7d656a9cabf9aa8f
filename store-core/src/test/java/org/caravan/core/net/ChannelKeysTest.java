package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.libtorrent4j.Ed25519;

/**
 * The channel key must be the RFC 8032 key of the seed: a store's channel is signed with the seed of its
 * OpenPGP Ed25519 root key, and subscribers know the store by that key's public half.
 */
class ChannelKeysTest {
    /** RFC 8032, section 7.1, test 1. */
    private static final String RFC_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    @Test
    void publicKeyIsRfc8032() {
        assertEquals(RFC_PUBLIC, HexFormat.of().formatHex(ChannelKeys.publicKey(HexFormat.of().parseHex(RFC_SEED))));
    }

    @Test
    void signaturesOfTheJdkFromTheSameSeedVerifyAgainstTheChannelKey() throws GeneralSecurityException {
        byte[] seed = new byte[32];
        seed[31] = 42;
        PrivateKey jdkKey = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(jdkKey);
        byte[] message = "3:seqi1e1:v2:hi".getBytes(StandardCharsets.US_ASCII);
        signer.update(message);
        byte[] signature = signer.sign();

        byte[] pk = ChannelKeys.publicKey(seed);
        assertTrue(Ed25519.verify(signature, message, pk));
        message[0] = '4';
        assertFalse(Ed25519.verify(signature, message, pk));
    }

    @Test
    void newSeedsDifferAndWrongSeedLengthIsRefused() {
        assertFalse(java.util.Arrays.equals(ChannelKeys.newSeed(), ChannelKeys.newSeed()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelKeys.publicKey(new byte[31]));
        assertTrue(e.getMessage().contains("32 bytes, not 31"), e.getMessage());
        assertArrayEquals(ChannelKeys.publicKey(new byte[32]), ChannelKeys.publicKey(new byte[32]));
    }
}
