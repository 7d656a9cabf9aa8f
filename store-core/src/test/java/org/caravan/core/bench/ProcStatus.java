package org.caravan.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of a process from {@code /proc/PID/status} (Linux): VmHWM is the peak resident set
 * since the process started, which catches a spike between two samples that polling VmRSS would miss.
 */
public record ProcStatus(long rssKib, long peakRssKib) {
    public ProcStatus {
        if (rssKib < 0 || peakRssKib < 0) {
            throw new IllegalArgumentException("negative RSS figures: rss " + rssKib + " KiB, peak " + peakRssKib + " KiB");
        }
    }

    public static ProcStatus self() throws IOException {
        return of(ProcessHandle.current().pid());
    }

    public static ProcStatus of(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        long rss = -1;
        long hwm = -1;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line, status);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kib(line, status);
            }
        }
        if (rss < 0 || hwm < 0) {
            throw new IOException(status + " has no VmRSS/VmHWM line (not Linux?)");
        }
        return new ProcStatus(rss, hwm);
    }

    private static long kib(String line, Path status) throws IOException {
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 3 || !parts[2].equals("kB")) {
            throw new IOException("unexpected line in " + status + ": '" + line + "'");
        }
        return Long.parseLong(parts[1]);
    }

    public double peakMib() {
        return peakRssKib / 1024.0;
    }

    public double rssMib() {
        return rssKib / 1024.0;
    }
}
