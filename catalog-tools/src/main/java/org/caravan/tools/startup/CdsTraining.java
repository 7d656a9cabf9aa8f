package org.caravan.tools.startup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.caravan.tools.Launch;

/**
 * The run the launcher records its class-data sharing archive from ({@code -XX:ArchiveClassesAtExit}): the
 * commands people start most, one after the other in this one JVM, in a scratch folder, so that the archive holds
 * the classes of each (picocli and the command tree, the client's home, Bouncy Castle's keys and signatures, the
 * package reader) and a later start maps them instead of loading them. Nothing here uses the network. Usage:
 * {@code CdsTraining SCRATCH_DIR}.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/run.sh"), "#!/bin/sh\necho hi\n");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        String d = dir.toString();
        String[][] commands = {
                {"client", "--home", d + "/home", "status"},
                {"key", "generate", "--uid", "Training <t@example.org>", "--out", d + "/t.key", "--no-passphrase"},
                {"package", "build", "--id", "org.example.training", "--version", "1.0.0", "--from", d + "/app",
                        "--out", d + "/t.car", "--launch", "run.sh"},
                {"package", "sign", "--key", d + "/t.key", d + "/t.car"},
                {"key", "export", d + "/t.key", "--out", d + "/t.asc"},
                {"package", "verify", "--cert", d + "/t.asc", d + "/t.car"},
                {"package", "inspect", d + "/t.car"},
                {"key", "show", d + "/t.asc"},
                {"key", "generate", "--uid", "Training Root <r@example.org>", "--out", d + "/r.key", "--no-passphrase"},
                {"store", "init", "--dir", d + "/store", "--name", "Training", "--root-key", d + "/r.key"},
                {"store", "certify", "--dir", d + "/store", "--cert", d + "/t.asc", "--level", "developer", "--scope",
                        "global"},
                {"package", "verify", "--dir", d + "/store", d + "/t.car"},
        };
        for (String[] c : commands) {
            Launch.run(c, quiet, quiet);
        }
    }
}
