package org.caravan.core.catalog;

import java.util.Comparator;
import java.util.List;
import org.caravan.core.pkg.Version;

/** An app (or plugin) in a catalog, with its releases, newest last. */
public record CatalogApp(String id, String name, String summary, String category, List<Release> releases) {
    public CatalogApp {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("app has no id");
        }
        name = name == null ? id : name;
        summary = summary == null ? "" : summary;
        category = category == null ? "" : category;
        releases = releases.stream()
                .sorted(Comparator.comparing(r -> Version.parse(r.version())))
                .toList();
        if (releases.isEmpty()) {
            throw new IllegalArgumentException("app " + id + " has no release");
        }
    }

    public Release newest() {
        return releases.get(releases.size() - 1);
    }
}
