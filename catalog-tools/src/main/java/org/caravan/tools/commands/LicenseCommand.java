package org.caravan.tools.commands;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.caravan.core.licence.Licences;
import org.caravan.core.licence.VersionRange;
import org.caravan.keyring.key.Certificate;
import org.caravan.keyring.key.SecretKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caravan license issue}: a developer sells (or gives) a licence for a licensed app. */
@Command(name = "license", mixinStandardHelpOptions = true,
        description = "Licences for licensed apps (package build --licensed).",
        subcommands = {LicenseCommand.Issue.class})
public final class LicenseCommand {

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Write a licence signed by your key: the app key, wrapped for the client's certificate "
                    + "(its 'caravan client identity'), with the versions, expiry and device count it allows. The "
                    + "client installs the app only if the store it comes from trusts your key for the app.")
    static final class Issue implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SigningKeyOption key;
        @Option(names = "--app", required = true, paramLabel = "APP_ID")
        String app;
        @Option(names = "--to", required = true, paramLabel = "CLIENT.asc", description = "The licensee's certificate.")
        Path to;
        @Option(names = "--versions", defaultValue = "*", paramLabel = "RANGE",
                description = "Versions covered: * (default) or comparators, e.g. '>=1.0.0,<2.0.0'.")
        String versions;
        @Option(names = "--expires", paramLabel = "DATE", description = "End, a date (2027-01-31, UTC midnight) or "
                + "an instant (2027-01-31T12:00:00Z). Default: none.")
        String expires;
        @Option(names = "--devices", defaultValue = "1", paramLabel = "N",
                description = "Devices allowed, the licensee's home included (default: ${DEFAULT-VALUE}).")
        int devices;
        @Option(names = "--out", required = true, paramLabel = "L.lic")
        Path out;

        @Override
        public Integer call() throws Exception {
            SecretKey developer = key.read();
            Certificate client = Certificate.read(to);
            VersionRange range;
            try {
                range = new VersionRange(versions);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--versions: " + e.getMessage(), e);
            }
            Instant end = null;
            if (expires != null) {
                try {
                    end = expires.contains("T") ? Instant.parse(expires)
                            : LocalDate.parse(expires).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("--expires " + expires + ": not a date such as 2027-01-31", e);
                }
            }
            String text = Licences.issue(developer, app, client, range, end, devices, Instant.now());
            Files.writeString(out, text, StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("licence for " + app + " (versions " + range + ", "
                    + (end == null ? "no expiry" : "expires " + end) + ", " + devices + " device(s)) to "
                    + client.fingerprint() + " -> " + out);
            return 0;
        }
    }
}
