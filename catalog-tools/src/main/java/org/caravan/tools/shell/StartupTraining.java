package org.caravan.tools.shell;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.caravan.tools.Main;

/**
 * The run that ./caravan records its class-data sharing archive from ({@code -XX:ArchiveClassesAtExit}): the
 * commands people run most, in one process, in a scratch folder, on no network, printing nothing. Every class they
 * load (picocli's model, Jackson, Bouncy Castle's OpenPGP, H2) is then mapped from the archive by each later
 * {@code caravan} start instead of being loaded again (docs/benchmarks.md, "Start-up cost"). A command that fails
 * here only makes the archive smaller: the run goes on and ends with 0.
 */
public final class StartupTraining {
    private StartupTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("caravan-cds-");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try {
            Path app = Files.createDirectories(dir.resolve("app"));
            Files.writeString(app.resolve("run.sh"), "#!/bin/sh\necho hello\n");
            String d = dir.toString();
            for (List<String> command : List.of(
                    List.of("key", "generate", "--uid", "Root <root@example.org>", "--out", d + "/root.key", "--no-passphrase"),
                    List.of("key", "generate", "--uid", "Dev <dev@example.org>", "--out", d + "/dev.key", "--no-passphrase"),
                    List.of("store", "init", "--dir", d + "/store", "--name", "Training", "--root-key", d + "/root.key"),
                    List.of("key", "export", d + "/dev.key", "--stacktrace"),
                    List.of("key", "show", d + "/dev.key"),
                    List.of("package", "build", "--id", "org.example.training", "--version", "1.0.0", "--from", app.toString(),
                            "--out", d + "/t.car", "--launch", "run.sh"),
                    List.of("package", "sign", "--key", d + "/dev.key", d + "/t.car"),
                    List.of("package", "inspect", d + "/t.car"),
                    List.of("store", "add", "--dir", d + "/store", d + "/t.car"),
                    List.of("store", "status", "--dir", d + "/store"),
                    List.of("store", "keys", "--dir", d + "/store", "--json"),
                    List.of("client", "--home", d + "/home", "status"),
                    List.of("client", "--home", d + "/home", "list", "--json"),
                    List.of("no-such-command"))) {
                if (command.get(0).equals("key") && command.get(1).equals("export")) {
                    // store certify wants the certificate in a file
                    PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("dev.asc")), true);
                    Main.run(command.toArray(String[]::new), out, quiet);
                    out.close();
                    Main.run(new String[] {"store", "certify", "--dir", d + "/store", "--cert", d + "/dev.asc"}, quiet, quiet);
                    continue;
                }
                Main.run(command.toArray(String[]::new), quiet, quiet);
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
