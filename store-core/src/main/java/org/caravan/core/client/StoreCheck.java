package org.caravan.core.client;

import java.util.List;

/**
 * What {@code client verify} found when it checked a store's rows in the local database against the newest
 * generation this client keeps on disk, verified again with the store's key (the magnet's).
 */
public sealed interface StoreCheck {
    String storeName();

    String message();

    /** The rows are exactly what the signed generation says. */
    record Intact(String storeName, long generation) implements StoreCheck {
        @Override
        public String message() {
            return storeName + ": catalog generation " + generation + " matches its signed file";
        }
    }

    /**
     * The rows differed from the newest kept generation that verifies ({@code differences}: what differed), or
     * kept files did not verify ({@code removedFiles}, deleted): the rows were rewritten from that generation.
     */
    record Restored(String storeName, long generation, List<String> differences, List<String> removedFiles)
            implements StoreCheck {
        public Restored {
            differences = List.copyOf(differences);
            removedFiles = List.copyOf(removedFiles);
        }

        @Override
        public String message() {
            return storeName + ": the local database was changed outside Caravan (" + String.join("; ", differences)
                    + (removedFiles.isEmpty() ? "" : "; kept files that do not verify, removed: "
                    + String.join(", ", removedFiles)) + "); restored from signed generation " + generation
                    + " (run caravan client sync for a newer one)";
        }
    }

    /** Nothing signed is kept to check the rows against (e.g. every kept file was damaged). */
    record Unverifiable(String storeName, String reason) implements StoreCheck {
        @Override
        public String message() {
            return storeName + ": cannot be checked: " + reason;
        }
    }
}
