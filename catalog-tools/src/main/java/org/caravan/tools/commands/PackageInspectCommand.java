package org.caravan.tools.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.caravan.core.catalog.Sha256;
import org.caravan.core.pkg.FileEntry;
import org.caravan.core.pkg.Manifest;
import org.caravan.core.pkg.PackageReader;
import org.caravan.core.pkg.SignatureFiles;
import org.caravan.keyring.key.KeyFormatException;
import org.caravan.keyring.sign.DetachedSignatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caravan package inspect FILE.car}: what a package says it is, and who signed it; not whether to trust it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a package: its manifest (id, version, type, name, summary, category, launch, what the app "
                + "page shows: homepage, licence, keywords, icon, screenshots, description, release notes; files with "
                + "sizes), its size and SHA-256, and the signature files beside it (FILE.car.asc, FILE.car.*.asc) with "
                + "each signer's fingerprint as the signature names it. This is not a trust decision: "
                + "caravan package verify --dir STORE FILE.car checks the signatures against a store. "
                + "Exit 0, or 1 when the file is missing or not a package.")
public final class PackageInspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOutput.Flag json;

    @Parameters(paramLabel = "FILE.car")
    Path file;

    /** One signature file and what it names, or why it cannot be read. */
    record SignatureFile(Path file, List<String> signers, String problem) {}

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        Manifest m = PackageReader.readManifest(file);
        long size = Files.size(file);
        String sha = Sha256.hex(file);
        List<SignatureFile> sigs = new ArrayList<>();
        for (Path s : SignatureFiles.beside(file)) {
            try {
                sigs.add(new SignatureFile(s, DetachedSignatures.issuers(Files.readAllBytes(s)), null));
            } catch (KeyFormatException e) {
                sigs.add(new SignatureFile(s, List.of(), e.getMessage()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.json) {
            ObjectNode doc = JsonOutput.document("package");
            doc.put("file", file.toString());
            doc.put("size", size);
            doc.put("sha256", sha);
            doc.put("id", m.id());
            doc.put("version", m.version().toString());
            doc.put("type", m.type().text());
            doc.put("name", m.name());
            doc.put("summary", m.summary());
            doc.put("category", m.category());
            JsonOutput.text(doc, "launch", m.launch());
            JsonOutput.text(doc, "requiresClient", m.requiresClient());
            if (m.plugin() == null) {
                doc.putNull("plugin");
            } else {
                doc.putObject("plugin").put("extensionPoint", m.plugin().extensionPoint())
                        .put("mainClass", m.plugin().mainClass()).put("classPath", m.plugin().classPath());
            }
            doc.put("unpackedSize", m.totalSize());
            ArrayNode files = doc.putArray("files");
            for (FileEntry f : m.files()) {
                files.addObject().put("path", f.path()).put("size", f.size()).put("sha256", f.sha256())
                        .put("executable", f.executable());
            }
            ArrayNode sa = doc.putArray("signatures");
            for (SignatureFile s : sigs) {
                ObjectNode o = sa.addObject();
                o.put("file", s.file().getFileName().toString());
                ArrayNode signers = o.putArray("signers");
                s.signers().forEach(signers::add);
                JsonOutput.text(o, "problem", s.problem());
            }
            JsonOutput.print(out, doc);
            return 0;
        }
        out.println(m.id() + " " + m.version() + " (" + m.type().text() + ")");
        row(out, "name", m.name());
        row(out, "summary", m.summary());
        row(out, "category", m.category());
        if (m.launch() != null) {
            row(out, "launch", m.launch());
        }
        if (m.plugin() != null) {
            row(out, "plugin", m.plugin().extensionPoint() + ", " + m.plugin().mainClass() + " in " + m.plugin().classPath());
        }
        if (m.requiresClient() != null) {
            row(out, "requires", "client " + m.requiresClient());
        }
        // What the app page shows (package build --homepage, --license, ...): a developer checks it before sending.
        var info = m.info();
        if (!info.homepage().isEmpty()) {
            row(out, "homepage", info.homepage());
        }
        if (!info.license().isEmpty()) {
            row(out, "license", info.license());
        }
        if (!info.keywords().isEmpty()) {
            row(out, "keywords", String.join(", ", info.keywords()));
        }
        if (info.icon() != null) {
            row(out, "icon", info.icon());
        }
        for (var shot : info.screenshots()) {
            row(out, "screenshot", shot.path() + (shot.caption().isEmpty() ? "" : " (" + shot.caption() + ")"));
        }
        if (!info.description().isEmpty()) {
            row(out, "description", info.description().lines().findFirst().orElse("")
                    + (info.description().contains("\n") ? " ..." : ""));
        }
        if (!info.releaseNotes().isEmpty()) {
            row(out, "notes", info.releaseNotes().lines().findFirst().orElse("")
                    + (info.releaseNotes().contains("\n") ? " ..." : ""));
        }
        row(out, "size", JsonOutput.size(size) + " (" + size + " bytes)");
        row(out, "sha256", sha);
        row(out, "files", m.files().size() + ", " + JsonOutput.size(m.totalSize()) + " unpacked");
        int width = m.files().stream().mapToInt(f -> f.path().length()).max().orElse(0);
        for (FileEntry f : m.files()) {
            out.println(String.format("    %-" + width + "s  %10s%s", f.path(), JsonOutput.size(f.size()),
                    f.executable() ? "  executable" : ""));
        }
        if (sigs.isEmpty()) {
            row(out, "signed", "no signature beside it (" + file.getFileName() + ".asc)");
        }
        for (SignatureFile s : sigs) {
            row(out, "signed", s.file().getFileName() + ": " + (s.problem() != null ? s.problem()
                    : "by " + String.join(", ", s.signers())));
        }
        out.println("Whether a store trusts these signers: caravan package verify --dir STORE " + file);
        out.flush();
        return 0;
    }

    private static void row(PrintWriter out, String label, String value) {
        out.println(String.format("  %-9s %s", label, value));
    }
}
