package org.caravan.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole package benchmark on a 2 MiB package so that the bench keeps compiling and keeps
 * measuring the real flow (a client in its own JVM really installs the package from a loopback swarm).
 * Asserts what the bench produced, never how fast.
 */
class InstallBenchIT {
    @TempDir
    Path tmp;

    @Test
    void theBenchInstallsTheMeasuredPackageAndReportsEveryFigure() throws Exception {
        long size = 2L << 20;
        InstallBench.Result r = new InstallBench(tmp.resolve("work"), 1).run(null, size);

        for (String name : List.of("SHA-256 (Sha256.hex, JDK)", "signature verify (DetachedSignatures.verify)",
                "download, 1 seeder (PeerNode.fetch)", "download, 4 seeders (PeerNode.fetch)",
                "whole install (ClientService.install)")) {
            assertTrue(r.figure(name).bytes() > size, name + " measured the whole package");
        }
        Path installed = Path.of(r.facts().get("client.installed"));
        assertEquals(size, Files.size(installed.resolve("payload.bin")), "the client installed the whole payload");
        assertTrue(Long.parseLong(r.facts().get("client.peak_rss_kib")) > 10_000, r.facts().toString());
        assertTrue(r.table().contains("| whole install (ClientService.install) |"), r.table());
    }
}
