package org.caravan.core.catalog;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.Comparator;
import java.util.List;
import org.caravan.core.pkg.Version;

/**
 * An app (or plugin) in a catalog, with its releases, newest last. {@code details} (description, homepage,
 * licence, keywords, icon, screenshots) is null, and absent from the JSON, for an app that gives none: catalogs
 * written before it existed keep decoding, and their bytes.
 */
public record CatalogApp(String id, String name, String summary, String category, List<Release> releases,
        AppDetails details) {
    /** Catalogs without details for an app have no {@code details} key; injected as null. */
    public static final String NO_DETAILS = "caravan.app.no-details";

    @JsonCreator
    public CatalogApp(@JsonProperty("id") String id, @JsonProperty("name") String name,
            @JsonProperty("summary") String summary, @JsonProperty("category") String category,
            @JsonProperty("releases") List<Release> releases,
            @JsonProperty("details") @JacksonInject(value = NO_DETAILS, useInput = OptBoolean.TRUE)
            @JsonInclude(JsonInclude.Include.NON_NULL) AppDetails details) {
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
        this.id = id;
        this.name = name;
        this.summary = summary;
        this.category = category;
        this.releases = releases;
        this.details = details == null || details.isEmpty() ? null : details;
    }

    /** An app without details. */
    public CatalogApp(String id, String name, String summary, String category, List<Release> releases) {
        this(id, name, summary, category, releases, null);
    }

    @Override
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public AppDetails details() {
        return details;
    }

    public Release newest() {
        return releases.get(releases.size() - 1);
    }
}
