package org.caravan.keyring.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What every refusal of fuzzed input owes the user: a message saying what is wrong. */
final class Refusals {
    private Refusals() {}

    static void check(RuntimeException refused) {
        assertNotNull(refused.getMessage(), () -> refused.getClass().getSimpleName() + " without a message");
        assertFalse(refused.getMessage().isBlank(), () -> refused.getClass().getSimpleName() + " with a blank message");
    }
}
