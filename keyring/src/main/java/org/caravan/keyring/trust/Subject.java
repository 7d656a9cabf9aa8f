package org.caravan.keyring.trust;

/** What a signature is asked to vouch for: a package of an app id, in a category, of a type (app or plugin). */
public record Subject(String appId, String category, String type) {
    public Subject {
        if (appId == null || appId.isBlank()) {
            throw new IllegalArgumentException("subject has no app id");
        }
        category = category == null ? "" : category;
        type = type == null ? "app" : type;
    }

    public boolean isPlugin() {
        return type.equals("plugin");
    }

    @Override
    public String toString() {
        return (isPlugin() ? "plugin " : "app ") + appId + (category.isEmpty() ? "" : " in category " + category);
    }
}
