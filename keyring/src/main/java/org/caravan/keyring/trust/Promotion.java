package org.caravan.keyring.trust;

/**
 * One promotion step of the store policy: {@code certifications} valid certifications within a scope,
 * each by a distinct key of level at least {@code from} in that scope, lift the certified key to level
 * {@code from + 1} in that scope.
 */
public record Promotion(int from, int certifications) {
    public Promotion {
        if (from < 0 || from > 253) {
            throw new IllegalArgumentException("promotion step from level " + from + " is out of range 0..253");
        }
        if (certifications < 1) {
            throw new IllegalArgumentException("promotion from level " + from + " needs at least one certification, not "
                    + certifications);
        }
    }

    public int to() {
        return from + 1;
    }
}
