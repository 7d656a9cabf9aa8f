package org.caravan.core.pkg;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a developer says about a package; the builder adds the file list to make a {@link Manifest}.
 *
 * @param id       reverse-DNS application id, see {@link #ID_RULE}
 * @param version  semantic version
 * @param type     app or plugin
 * @param name     display name, 1..100 characters, not blank
 * @param summary  one-line description, 0..500 characters
 * @param category catalog category, 1..64 characters, not blank
 * @param launch   command line relative to the install folder, split on single spaces (no quoting);
 *                 its first word is a path inside the package. Empty for nothing to launch.
 */
public record PackageMetadata(
        String id, Version version, PackageType type, String name, String summary, String category, String launch) {

    /** The id rule, in words, for messages and docs. */
    public static final String ID_RULE = "2 to 16 dot-separated labels of lower-case ASCII letters, digits and '-'; "
            + "the first label starts with a letter, no label starts or ends with '-', "
            + "each label at most 63 and the whole id at most 255 characters (e.g. org.example.editor)";

    private static final Pattern ID = Pattern.compile(
            "[a-z][a-z0-9]*(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?){1,15}");

    static final int MAX_NAME = 100;
    static final int MAX_SUMMARY = 500;
    static final int MAX_CATEGORY = 64;
    static final int MAX_LAUNCH = 1024;

    public PackageMetadata {
        requireValidId(id);
        Objects.requireNonNull(version, () -> "version of package '" + id + "' is missing");
        Objects.requireNonNull(type, () -> "type of package '" + id + "' is missing");
        name = text("name", id, name, 1, MAX_NAME);
        summary = text("summary", id, summary, 0, MAX_SUMMARY);
        category = text("category", id, category, 1, MAX_CATEGORY);
        launch = text("launch", id, launch == null ? "" : launch, 0, MAX_LAUNCH);
        String program = launchProgram(launch);
        if (program != null) {
            String problem = PackagePaths.problem(program);
            if (problem != null) {
                throw new IllegalArgumentException("invalid launch " + PackagePaths.quote(launch) + " of package '" + id
                        + "': program path " + PackagePaths.quote(program) + " " + problem
                        + " (it must be relative to the install folder)");
            }
        }
    }

    /**
     * Parses the textual form the command line takes.
     *
     * @throws IllegalArgumentException naming the field and value that is wrong
     */
    public static PackageMetadata of(String id, String version, String type, String name, String summary,
                                     String category, String launch) {
        requireValidId(id);
        return new PackageMetadata(id, Version.parse(version), PackageType.parse(type), name, summary, category,
                launch);
    }

    /**
     * Checks an application id against {@link #ID_RULE}.
     *
     * @return the id
     * @throws IllegalArgumentException naming the id
     */
    public static String requireValidId(String id) {
        if (id == null) {
            throw new IllegalArgumentException("invalid id: missing (null)");
        }
        if (id.length() > 255 || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid id " + PackagePaths.quote(id) + ": must be " + ID_RULE);
        }
        for (String label : id.split("\\.")) {
            if (label.length() > 63) {
                throw new IllegalArgumentException("invalid id '" + id + "': label '" + label
                        + "' is longer than 63 characters");
            }
        }
        return id;
    }

    /** The launch command's first word (the program, relative to the install folder), or null when empty. */
    public String launchProgram() {
        return launchProgram(launch);
    }

    static String launchProgram(String launch) {
        if (launch.isEmpty()) {
            return null;
        }
        int space = launch.indexOf(' ');
        return space < 0 ? launch : launch.substring(0, space);
    }

    private static String text(String field, String id, String value, int min, int max) {
        if (value == null) {
            throw new IllegalArgumentException("invalid " + field + " of package '" + id + "': missing (null)");
        }
        if (value.length() < min || value.length() > max || (min > 0 && value.isBlank())) {
            throw new IllegalArgumentException("invalid " + field + " " + PackagePaths.quote(value) + " of package '"
                    + id + "': must be " + (min > 0 ? "a non-blank text of " + min : "0") + " to " + max
                    + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("invalid " + field + " " + PackagePaths.quote(value)
                        + " of package '" + id + "': contains a control character (line breaks and tabs included)");
            }
        }
        return value;
    }
}
