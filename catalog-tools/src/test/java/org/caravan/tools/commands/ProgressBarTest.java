package org.caravan.tools.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.caravan.core.client.InstallProgress;
import org.junit.jupiter.api.Test;

/** The install progress bar: what a terminal shows, and nothing at all where there is no terminal. */
class ProgressBarTest {
    @Test
    void aLineWithStageBarPercentBytesAndSpeed() {
        assertEquals("org.example.hello download [##########              ]  40%  1.3 MiB/2.5 MiB  640.0 KiB/s",
                ProgressBar.render("org.example.hello", "download", 0.4, 2_621_440, Duration.ofSeconds(2)));
        assertEquals("org.example.hello verify   [###################     ]  80%  2.5 MiB/2.5 MiB  2.5 MiB/s",
                ProgressBar.render("org.example.hello", "verify", 0.8, 2_621_440, Duration.ofSeconds(1)));
        assertEquals("x done     [########################] 100%", ProgressBar.render("x", "done", 1.0, 0, Duration.ZERO),
                "no size known: no bytes");
        assertEquals("512 B", ProgressBar.bytes(512));
        assertEquals("1.5 GiB", ProgressBar.bytes(1_610_612_736L));
    }

    @Test
    void silentWithoutATerminal() {
        StringWriter err = new StringWriter();
        InstallProgress p = ProgressBar.onTerminal(false, new PrintWriter(err, true), "org.example.hello", 1000);
        assertSame(InstallProgress.NONE, p);
        p.update("download", 0.5);
        p.update("done", 1.0);
        assertEquals("", err.toString());
    }

    @Test
    void onATerminalRedrawsInPlaceAtMostFiveTimesASecondAndEndsTheLine() {
        StringWriter err = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        ProgressBar bar = new ProgressBar(new PrintWriter(err, true), "app", 1000, now::get);
        bar.update("download", 0.1);
        now.addAndGet(50_000_000);
        bar.update("download", 0.2); // 50 ms later: not drawn
        now.addAndGet(200_000_000);
        bar.update("download", 0.4);
        bar.update("done", 1.0); // always drawn, then the line ends
        String out = err.toString();
        assertEquals(3, out.split("\r", -1).length - 1, out);
        assertTrue(out.contains(" 10%") && !out.contains(" 20%") && out.contains(" 40%")
                && out.endsWith("100%  1000 B/1000 B  3.9 KiB/s" + System.lineSeparator()), out);
    }
}
