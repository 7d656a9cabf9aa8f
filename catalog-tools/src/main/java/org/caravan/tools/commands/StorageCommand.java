package org.caravan.tools.commands;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.caravan.core.storage.HttpBearerStorage;
import org.caravan.core.storage.StorageInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caravan mirror info|upload|download|missing}: a publisher's own storage behind a bearer token. */
@Command(name = "mirror", mixinStandardHelpOptions = true,
        description = "Mirror files (packages, generations) on your own storage behind credentials: HTTP(S) with a "
                + "bearer token (PUT/GET/HEAD BASE/NAME). Plain http only to a loopback address.",
        subcommands = {StorageCommand.Info.class, StorageCommand.Upload.class, StorageCommand.Download.class,
                StorageCommand.Missing.class})
public final class StorageCommand {

    static final class Target {
        @Option(names = "--url", required = true, paramLabel = "BASE_URL", description = "e.g. https://host/caravan/")
        URI url;
        @Option(names = "--token-file", required = true, paramLabel = "FILE",
                description = "A file holding the bearer token (keep it 0600).")
        Path tokenFile;

        HttpBearerStorage open() throws java.io.IOException {
            return new HttpBearerStorage(url, Files.readString(tokenFile, StandardCharsets.UTF_8).strip(),
                    Duration.ofSeconds(60));
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "The plugin's name, version and location.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            StorageInfo i = target.open().info();
            spec.commandLine().getOut().println(i.name() + " " + i.version() + " at " + i.location() + " ("
                    + String.join(", ", i.operations()) + ")");
            return 0;
        }
    }

    @Command(name = "upload", mixinStandardHelpOptions = true, description = "Upload files under their names.")
    static final class Upload implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;
        @Parameters(paramLabel = "FILE", arity = "1..*")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            HttpBearerStorage s = target.open();
            for (Path f : files) {
                s.upload(f);
                spec.commandLine().getOut().println("uploaded " + f);
            }
            return 0;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true, description = "Download one file into a folder.")
    static final class Download implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--to", defaultValue = ".", paramLabel = "DIR")
        Path to;
        @Option(names = "--max-bytes", defaultValue = "268435456", paramLabel = "N",
                description = "Refuse more than this (default: ${DEFAULT-VALUE}).")
        long maxBytes;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().println("downloaded " + target.open().download(name, to, maxBytes));
            return 0;
        }
    }

    @Command(name = "missing", mixinStandardHelpOptions = true,
            description = "Of the given files, those the storage does not hold (one per line).")
    static final class Missing implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;
        @Parameters(paramLabel = "FILE", arity = "1..*")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            for (String m : target.open().missing(files.stream().map(f -> f.getFileName().toString()).toList())) {
                out.println(m);
            }
            return 0;
        }
    }
}
