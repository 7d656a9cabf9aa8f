package org.caravan.core.plugin.api;

/** What a plugin is told about the app whose page is shown; {@code installedVersion} is null when not installed. */
public record AppPageContext(String appId, String name, String version, String summary, String category,
        String installedVersion) {}
