package org.caravan.keyring.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.caravan.keyring.testing.Personas;
import org.junit.jupiter.api.Test;

class WeakHashTest {
    @Test
    void aSha1SignatureIsRefusedEvenThoughItIsCryptographicallyCorrect() throws Exception {
        byte[] data = {4, 5, 6};
        OpenPGPKey key = new OpenPGPKeyReader().parseKey(Personas.secretKey("developer").encoded());
        var pub = key.getPrimaryKey().getPGPPublicKey();
        PGPSignatureGenerator gen = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(pub.getAlgorithm(), HashAlgorithmTags.SHA1), pub);
        gen.init(PGPSignature.BINARY_DOCUMENT, key.getPrimarySecretKey().unlock().getKeyPair().getPrivateKey());
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, Date.from(Personas.SIGNED));
        hashed.setIssuerFingerprint(false, pub);
        gen.setHashedSubpackets(hashed.generate());
        gen.update(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor = new ArmoredOutputStream(out)) {
            gen.generate().encode(armor);
        }
        List<SignatureCheck> checks = DetachedSignatures.verify(data, out.toByteArray(), Personas.keyring());
        assertEquals(List.of(new SignatureCheck.Invalid(
                "SHA-1 signatures are refused (issuer " + Personas.DEVELOPER.hex() + ")")), checks);
    }
}
