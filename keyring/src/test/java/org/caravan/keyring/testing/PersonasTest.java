package org.caravan.keyring.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import org.caravan.keyring.key.Fingerprint;
import org.junit.jupiter.api.Test;

class PersonasTest {
    @Test
    void fingerprintConstantsMatchTheCheckedInKeys() throws Exception {
        for (String name : Personas.NAMES) {
            Field f = Personas.class.getField(Personas.constantName(name));
            assertEquals(Personas.fingerprint(name), f.get(null), "constant for persona " + name);
            assertEquals(Personas.fingerprint(name), Personas.certificate(name).fingerprint());
            assertEquals(Personas.userIdOf(name), Personas.certificate(name).userId());
            assertEquals(Personas.CREATED, Personas.certificate(name).creationTime());
        }
    }

    @Test
    void theWebHoldsTwoRootsAndEveryOtherPersona() {
        assertEquals(2, Personas.web().roots().size());
        assertEquals(Personas.NAMES.size() - 2, Personas.web().keys().size());
        assertEquals(Fingerprint.of(Personas.ROOT.hex()), Personas.web().roots().get(0).fingerprint());
    }
}
