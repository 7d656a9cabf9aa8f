package org.caravan.core.pkg;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the client loads a plugin: which extension point it implements, the class to instantiate, and the
 * jar (a file of the package) that holds it.
 *
 * @param extensionPoint one of {@link #EXTENSION_POINTS}
 * @param mainClass      binary name of a public class with a public no-argument constructor
 * @param classPath      path of a jar inside the package
 */
public record PluginSpec(String extensionPoint, String mainClass, String classPath) {
    /** A text panel on the app page of every app ({@code org.caravan.core.plugin.api.AppPagePanel}). */
    public static final String APP_PAGE_PANEL = "app-page-panel";
    public static final Set<String> EXTENSION_POINTS = Set.of(APP_PAGE_PANEL);

    private static final Pattern CLASS_NAME = Pattern.compile(
            "[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*){0,50}");

    public PluginSpec {
        if (extensionPoint == null || !EXTENSION_POINTS.contains(extensionPoint)) {
            throw new IllegalArgumentException("invalid plugin extension point '" + extensionPoint + "': must be one of "
                    + new java.util.TreeSet<>(EXTENSION_POINTS));
        }
        if (mainClass == null || mainClass.length() > 500 || !CLASS_NAME.matcher(mainClass).matches()) {
            throw new IllegalArgumentException("invalid plugin main class '" + mainClass
                    + "': must be a Java binary class name such as org.example.Panel");
        }
        String problem = classPath == null ? "is missing" : PackagePaths.problem(classPath);
        if (problem != null) {
            throw new IllegalArgumentException("invalid plugin class path " + (classPath == null ? "null"
                    : PackagePaths.quote(classPath)) + ": " + problem);
        }
        if (!classPath.endsWith(".jar")) {
            throw new IllegalArgumentException("invalid plugin class path " + PackagePaths.quote(classPath)
                    + ": must name a .jar file of the package");
        }
    }
}
