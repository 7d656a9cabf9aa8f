package org.caravan.core.storage;

import java.util.List;

/** What a storage plugin is and where it stores: never its credentials. */
public record StorageInfo(String name, String version, String location, List<String> operations) {
    public StorageInfo {
        operations = List.copyOf(operations);
    }
}
