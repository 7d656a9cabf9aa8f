package org.caravan.core.pkg;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code caravan-manifest.json} of a package: its metadata and every payload file with size and
 * SHA-256. Files are kept sorted by path (UTF-8 byte order), which makes the JSON canonical.
 * {@code requiresClient} (optional) is the oldest Caravan client that can use the package; {@code plugin}
 * (only for type plugin, optional there: a plugin without it cannot be loaded) says how to load it.
 * Both are left out of the JSON when absent, so manifests written before they existed keep their bytes.
 * {@code info} (description, homepage, licence, keywords, icon, screenshots, release notes: {@link AppInfo}) is
 * written field by field, each only when given, for the same reason; its icon and screenshots must be files of
 * the package.
 */
public record Manifest(
        int formatVersion,
        String id,
        Version version,
        PackageType type,
        String name,
        String summary,
        String category,
        String launch,
        List<FileEntry> files,
        Version requiresClient,
        PluginSpec plugin,
        AppInfo info) {

    /** The only format this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    /** The canonical JSON of a manifest is never larger than this; readers refuse bigger ones. */
    public static final int MAX_JSON_BYTES = 4 * 1024 * 1024;

    private static final Set<String> FIELDS = Set.of(
            "category", "description", "files", "formatVersion", "homepage", "icon", "id", "keywords", "launch",
            "license", "name", "plugin", "releaseNotes", "requiresClient", "screenshots", "summary", "type", "version");
    private static final Set<String> SCREENSHOT_FIELDS = Set.of("caption", "path");
    private static final Set<String> PLUGIN_FIELDS = Set.of("classPath", "extensionPoint", "mainClass");
    private static final Set<String> FILE_FIELDS = Set.of("executable", "path", "sha256", "size");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFactory FACTORY = new JsonFactory();

    public Manifest {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported formatVersion " + formatVersion + " of package '" + id
                    + "': this Caravan reads formatVersion " + FORMAT_VERSION);
        }
        PackageMetadata checked = new PackageMetadata(id, version, type, name, summary, category, launch);
        launch = checked.launch();
        Objects.requireNonNull(files, () -> "files of package '" + id + "' are missing");
        List<FileEntry> sorted = new ArrayList<>(files);
        for (FileEntry f : sorted) {
            Objects.requireNonNull(f, () -> "files of package '" + id + "' contain null");
        }
        sorted.sort((a, b) -> PackagePaths.UTF8_ORDER.compare(a.path(), b.path()));
        // Case-folded, so that a package installs the same on case-insensitive file systems.
        Map<String, String> folded = new HashMap<>();
        long total = 0;
        for (FileEntry f : sorted) {
            String key = f.path().toLowerCase(Locale.ROOT);
            String clash = folded.putIfAbsent(key, f.path());
            if (clash != null) {
                throw new IllegalArgumentException("invalid files of package '" + id + "': '" + f.path() + "' "
                        + (clash.equals(f.path()) ? "is listed twice" : "clashes with '" + clash
                        + "' on case-insensitive file systems"));
            }
            try {
                total = Math.addExact(total, f.size());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("invalid files of package '" + id + "': total size overflows");
            }
        }
        for (FileEntry f : sorted) {
            // "a" as a file and "a/b" both: one of them could not be created.
            String path = f.path().toLowerCase(Locale.ROOT);
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                String parent = folded.get(path.substring(0, slash));
                if (parent != null) {
                    throw new IllegalArgumentException("invalid files of package '" + id + "': '" + parent
                            + "' is a file, so '" + f.path() + "' cannot be inside it");
                }
            }
        }
        files = List.copyOf(sorted);
        if (plugin != null) {
            if (type != PackageType.PLUGIN) {
                throw new IllegalArgumentException("invalid plugin section of package '" + id + "': it is an " + type
                        + ", only plugins have one");
            }
            String jar = plugin.classPath();
            if (files.stream().noneMatch(f -> f.path().equals(jar))) {
                throw new IllegalArgumentException("invalid plugin class path '" + jar + "' of package '" + id
                        + "': it is not one of the package's files");
            }
        }
        String program = checked.launchProgram();
        if (program != null && files.stream().noneMatch(f -> f.path().equals(program))) {
            throw new IllegalArgumentException("invalid launch '" + launch + "' of package '" + id + "': program '"
                    + program + "' is not one of the package's files");
        }
        info = info == null ? AppInfo.NONE : info;
        for (String image : info.imagePaths()) {
            boolean icon = image.equals(info.icon());
            FileEntry f = files.stream().filter(e -> e.path().equals(image)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("invalid " + (icon ? "icon" : "screenshot") + " '" + image
                            + "' of package '" + id + "': it is not one of the package's files"));
            long max = icon ? AppInfo.MAX_ICON_BYTES : AppInfo.MAX_SCREENSHOT_BYTES;
            if (f.size() > max) {
                throw new IllegalArgumentException("invalid " + (icon ? "icon" : "screenshot") + " '" + image
                        + "' of package '" + id + "': " + f.size() + " bytes, more than " + max + " ("
                        + (max / 1024) + " KiB)");
            }
        }
    }

    /** A manifest without the information of {@link AppInfo} (what every manifest was before it). */
    public Manifest(int formatVersion, String id, Version version, PackageType type, String name, String summary,
            String category, String launch, List<FileEntry> files, Version requiresClient, PluginSpec plugin) {
        this(formatVersion, id, version, type, name, summary, category, launch, files, requiresClient, plugin,
                AppInfo.NONE);
    }

    /** A format-1 manifest for the given metadata and files. */
    public static Manifest of(PackageMetadata m, List<FileEntry> files) {
        return of(m, files, null, null);
    }

    /** A format-1 manifest that also names the oldest client it needs and, for a plugin, how to load it. */
    public static Manifest of(PackageMetadata m, List<FileEntry> files, Version requiresClient, PluginSpec plugin) {
        return of(m, files, requiresClient, plugin, AppInfo.NONE);
    }

    /** As {@link #of(PackageMetadata, List, Version, PluginSpec)}, with what a store shows about the package. */
    public static Manifest of(PackageMetadata m, List<FileEntry> files, Version requiresClient, PluginSpec plugin,
            AppInfo info) {
        return new Manifest(FORMAT_VERSION, m.id(), m.version(), m.type(), m.name(), m.summary(), m.category(),
                m.launch(), files, requiresClient, plugin, info);
    }

    public PackageMetadata metadata() {
        return new PackageMetadata(id, version, type, name, summary, category, launch);
    }

    /** Sum of all payload sizes in bytes. */
    public long totalSize() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }

    /** The listed file with this path (exact match), if any. */
    public java.util.Optional<FileEntry> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /** "id version", as people name a package in messages. */
    public String label() {
        return id + " " + version;
    }

    /**
     * The canonical JSON: UTF-8, no whitespace, object keys in ascending order, files sorted by path.
     * The same manifest always gives the same bytes.
     */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            // Keys written by hand in sorted order: the order is part of the format, not a mapper setting.
            g.writeStartObject();
            g.writeStringField("category", category);
            if (!info.description().isEmpty()) {
                g.writeStringField("description", info.description());
            }
            g.writeArrayFieldStart("files");
            for (FileEntry f : files) {
                g.writeStartObject();
                g.writeBooleanField("executable", f.executable());
                g.writeStringField("path", f.path());
                g.writeStringField("sha256", f.sha256());
                g.writeNumberField("size", f.size());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("formatVersion", formatVersion);
            if (!info.homepage().isEmpty()) {
                g.writeStringField("homepage", info.homepage());
            }
            if (info.icon() != null) {
                g.writeStringField("icon", info.icon());
            }
            g.writeStringField("id", id);
            if (!info.keywords().isEmpty()) {
                g.writeArrayFieldStart("keywords");
                for (String k : info.keywords()) {
                    g.writeString(k);
                }
                g.writeEndArray();
            }
            g.writeStringField("launch", launch);
            if (!info.license().isEmpty()) {
                g.writeStringField("license", info.license());
            }
            g.writeStringField("name", name);
            if (plugin != null) {
                g.writeObjectFieldStart("plugin");
                g.writeStringField("classPath", plugin.classPath());
                g.writeStringField("extensionPoint", plugin.extensionPoint());
                g.writeStringField("mainClass", plugin.mainClass());
                g.writeEndObject();
            }
            if (!info.releaseNotes().isEmpty()) {
                g.writeStringField("releaseNotes", info.releaseNotes());
            }
            if (requiresClient != null) {
                g.writeStringField("requiresClient", requiresClient.toString());
            }
            if (!info.screenshots().isEmpty()) {
                g.writeArrayFieldStart("screenshots");
                for (AppInfo.Screenshot s : info.screenshots()) {
                    g.writeStartObject();
                    g.writeStringField("caption", s.caption());
                    g.writeStringField("path", s.path());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeStringField("summary", summary);
            g.writeStringField("type", type.text());
            g.writeStringField("version", version.toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Parses manifest JSON (any key order and whitespace). Unknown and duplicate keys are refused.
     *
     * @throws IllegalArgumentException whose message names the field at fault, e.g.
     *                                  {@code field 'files[2].sha256': ...}
     * @throws UnsupportedFormatException when formatVersion is a number other than 1
     */
    public static Manifest fromJson(byte[] json) {
        if (json.length > MAX_JSON_BYTES) {
            throw new IllegalArgumentException("manifest is " + json.length + " bytes, more than " + MAX_JSON_BYTES);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("manifest is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        } catch (IOException e) {
            // Not an I/O failure (the bytes are in memory): text Jackson cannot decode, e.g. zero bytes it takes
            // for UTF-32 holding a character above U+10FFFF (CharConversionException).
            throw new IllegalArgumentException("manifest is not valid JSON text: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("manifest is not a JSON object");
        }
        unknownFields(root, FIELDS, "");
        JsonNode fv = required(root, "formatVersion");
        if (!fv.isIntegralNumber() || !fv.canConvertToInt()) {
            throw field("formatVersion", "must be an integer, found " + fv);
        }
        if (fv.intValue() != FORMAT_VERSION) {
            throw new UnsupportedFormatException(fv.intValue());
        }
        String id = string(root, "id");
        try {
            PackageMetadata.requireValidId(id);
        } catch (IllegalArgumentException e) {
            throw field("id", e.getMessage());
        }
        Version version;
        try {
            version = Version.parse(string(root, "version"));
        } catch (IllegalArgumentException e) {
            throw field("version", e.getMessage());
        }
        PackageType type;
        try {
            type = PackageType.parse(string(root, "type"));
        } catch (IllegalArgumentException e) {
            throw field("type", e.getMessage());
        }
        String name = string(root, "name");
        String summary = string(root, "summary");
        String category = string(root, "category");
        String launch = string(root, "launch");
        try {
            new PackageMetadata(id, version, type, name, summary, category, "");
        } catch (IllegalArgumentException e) {
            throw field(e.getMessage().startsWith("invalid name") ? "name"
                    : e.getMessage().startsWith("invalid summary") ? "summary" : "category", e.getMessage());
        }
        try {
            new PackageMetadata(id, version, type, name, summary, category, launch);
        } catch (IllegalArgumentException e) {
            throw field("launch", e.getMessage());
        }
        JsonNode filesNode = required(root, "files");
        if (!filesNode.isArray()) {
            throw field("files", "must be an array");
        }
        List<FileEntry> files = new ArrayList<>();
        for (int i = 0; i < filesNode.size(); i++) {
            String at = "files[" + i + "]";
            JsonNode f = filesNode.get(i);
            if (!f.isObject()) {
                throw field(at, "must be an object");
            }
            unknownFields(f, FILE_FIELDS, at + ".");
            String path = string(f, "path", at + ".path");
            JsonNode size = required(f, "size", at + ".size");
            if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
                throw field(at + ".size", "must be a non-negative integer, found " + size);
            }
            String sha = string(f, "sha256", at + ".sha256");
            JsonNode exec = f.get("executable");
            if (exec != null && !exec.isBoolean()) {
                throw field(at + ".executable", "must be true or false, found " + exec);
            }
            try {
                files.add(new FileEntry(path, size.longValue(), sha, exec != null && exec.booleanValue()));
            } catch (IllegalArgumentException e) {
                throw field(e.getMessage().startsWith("invalid sha256") ? at + ".sha256" : at + ".path",
                        e.getMessage());
            }
        }
        Version requiresClient = null;
        if (root.has("requiresClient")) {
            try {
                requiresClient = Version.parse(string(root, "requiresClient"));
            } catch (IllegalArgumentException e) {
                throw field("requiresClient", e.getMessage());
            }
        }
        PluginSpec plugin = null;
        JsonNode pluginNode = root.get("plugin");
        if (pluginNode != null) {
            if (!pluginNode.isObject()) {
                throw field("plugin", "must be an object");
            }
            unknownFields(pluginNode, PLUGIN_FIELDS, "plugin.");
            try {
                plugin = new PluginSpec(string(pluginNode, "extensionPoint", "plugin.extensionPoint"),
                        string(pluginNode, "mainClass", "plugin.mainClass"), string(pluginNode, "classPath", "plugin.classPath"));
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith("field '") ? e : field("plugin", e.getMessage());
            }
        }
        AppInfo info = info(root);
        try {
            return new Manifest(FORMAT_VERSION, id, version, type, name, summary, category, launch, files,
                    requiresClient, plugin, info);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw field(m.startsWith("invalid launch") ? "launch" : m.startsWith("invalid plugin") ? "plugin"
                    : m.startsWith("invalid icon") ? "icon" : m.startsWith("invalid screenshot") ? "screenshots"
                    : "files", m);
        }
    }

    /** The optional {@link AppInfo} fields, each checked on its own so that an error names its field. */
    private static AppInfo info(JsonNode root) {
        String description = optionalString(root, "description");
        String homepage = optionalString(root, "homepage");
        String license = optionalString(root, "license");
        String icon = root.has("icon") ? string(root, "icon") : null;
        String notes = optionalString(root, "releaseNotes");
        List<String> keywords = new ArrayList<>();
        JsonNode kw = root.get("keywords");
        if (kw != null) {
            if (!kw.isArray()) {
                throw field("keywords", "must be an array of strings");
            }
            for (int i = 0; i < kw.size(); i++) {
                if (!kw.get(i).isTextual()) {
                    throw field("keywords[" + i + "]", "must be a string, found " + kw.get(i));
                }
                keywords.add(kw.get(i).textValue());
            }
        }
        List<AppInfo.Screenshot> shots = new ArrayList<>();
        JsonNode sn = root.get("screenshots");
        if (sn != null) {
            if (!sn.isArray()) {
                throw field("screenshots", "must be an array");
            }
            for (int i = 0; i < sn.size(); i++) {
                String at = "screenshots[" + i + "]";
                if (!sn.get(i).isObject()) {
                    throw field(at, "must be an object");
                }
                unknownFields(sn.get(i), SCREENSHOT_FIELDS, at + ".");
                shots.add(new AppInfo.Screenshot(string(sn.get(i), "path", at + ".path"),
                        sn.get(i).has("caption") ? string(sn.get(i), "caption", at + ".caption") : ""));
            }
        }
        // Each field alone first, so that the error names the field at fault.
        String[][] texts = {{"description", description}, {"homepage", homepage}, {"license", license},
                {"releaseNotes", notes}};
        for (String[] t : texts) {
            try {
                new AppInfo(t[0].equals("description") ? t[1] : "", t[0].equals("homepage") ? t[1] : "",
                        t[0].equals("license") ? t[1] : "", List.of(), null, List.of(),
                        t[0].equals("releaseNotes") ? t[1] : "");
            } catch (IllegalArgumentException e) {
                throw field(t[0], e.getMessage());
            }
        }
        try {
            new AppInfo("", "", "", keywords, null, List.of(), "");
        } catch (IllegalArgumentException e) {
            throw field("keywords", e.getMessage());
        }
        try {
            new AppInfo("", "", "", List.of(), icon, List.of(), "");
        } catch (IllegalArgumentException e) {
            throw field("icon", e.getMessage());
        }
        try {
            return new AppInfo(description, homepage, license, keywords, icon, shots, notes);
        } catch (IllegalArgumentException e) {
            throw field("screenshots", e.getMessage());
        }
    }

    private static String optionalString(JsonNode node, String name) {
        return node.has(name) ? string(node, name) : "";
    }

    /** formatVersion names a format this code does not know (newer, or nonsense). */
    public static final class UnsupportedFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int formatVersion;

        UnsupportedFormatException(int formatVersion) {
            super("field 'formatVersion': unsupported formatVersion " + formatVersion
                    + ", this Caravan reads formatVersion " + FORMAT_VERSION);
            this.formatVersion = formatVersion;
        }

        public int formatVersion() {
            return formatVersion;
        }
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw field(prefix + name, "unknown field (allowed: " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
    }

    private static JsonNode required(JsonNode node, String name) {
        return required(node, name, name);
    }

    private static JsonNode required(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw field(path, "is missing");
        }
        return value;
    }

    private static String string(JsonNode node, String name) {
        return string(node, name, name);
    }

    private static String string(JsonNode node, String name, String path) {
        JsonNode value = required(node, name, path);
        if (!value.isTextual()) {
            throw field(path, "must be a string, found " + value);
        }
        return value.textValue();
    }

    private static IllegalArgumentException field(String path, String why) {
        return new IllegalArgumentException("field '" + path + "': " + why);
    }
}
