package org.caravan.core.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where a package's detached signatures lie: {@code X.car.asc} and {@code X.car.*.asc} (co-signers) beside it. */
public final class SignatureFiles {
    private SignatureFiles() {}

    public static List<Path> beside(Path car) throws IOException {
        String base = car.getFileName().toString();
        Path parent = car.toAbsolutePath().getParent();
        try (Stream<Path> files = Files.list(parent)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.equals(base + ".asc") || (n.startsWith(base + ".") && n.endsWith(".asc"));
            }).sorted().toList();
        }
    }
}
