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

    @Test
    void aDownloadShowsBytesSpeedPeersAndTimeLeft() {
        assertEquals("org.example.hello download [##########              ]  40%  40.0 MiB/100.0 MiB  10.0 MiB/s  3 peers  ETA 0:06",
                ProgressBar.renderTransfer("org.example.hello", 0.32, 40L << 20, 100L << 20, 10L << 20, 3));
        assertEquals("x download [                        ]   0%  0 B/1.0 GiB  0 B/s  1 peer  ETA --:--",
                ProgressBar.renderTransfer("x", 0, 0, 1L << 30, 0, 1));
        assertEquals("1:01:05", ProgressBar.clock(3665));
    }

    @Test
    void anInstallOnATerminalDrawsTheTransfersOwnFigures() {
        StringWriter err = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        ProgressBar bar = new ProgressBar(new PrintWriter(err, true), "app", 2048, now::get);
        bar.update("download", 0.4);
        now.addAndGet(300_000_000);
        bar.transfer(1024, 2048, 512, 2);
        assertTrue(err.toString().endsWith("\r\033[2Kapp download [############            ]  50%  1.0 KiB/2.0 KiB  512 B/s  2 peers  ETA 0:02"),
                err.toString());
    }

    @Test
    void workOverBytesShowsTheBytesDoneAndEndsTheLine() {
        assertEquals("big.car hash     [######                  ]  25%  25.0 MiB/100.0 MiB  12.5 MiB/s",
                ProgressBar.renderBytes("big.car", "hash", 0.25, 100L << 20, Duration.ofSeconds(2)));
        // "verify" is also an install's stage name: work over bytes still shows the bytes' fraction.
        assertEquals("big.car verify   [####################    ]  85%  85.0 MiB/100.0 MiB  42.5 MiB/s",
                ProgressBar.renderBytes("big.car", "verify", 0.85, 100L << 20, Duration.ofSeconds(2)));
        StringWriter err = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        ProgressBar.Work w = ProgressBar.work(true, new PrintWriter(err, true), "big.car", "hash", 1000, now::get);
        w.at(100);
        assertEquals("", err.toString(), "nothing in the first half second");
        now.set(1_000_000_000L);
        w.at(500);
        now.set(2_000_000_000L);
        w.done();
        w.close();
        assertEquals("\r\033[2Kbig.car hash     [############            ]  50%  500 B/1000 B  500 B/s"
                + "\r\033[2Kbig.car done     [########################] 100%  1000 B/1000 B  500 B/s"
                + System.lineSeparator(), err.toString());
    }

    @Test
    void quickWorkDrawsNothingAndAFailureEndsTheLineDrawn() {
        StringWriter err = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        try (ProgressBar.Work w = ProgressBar.work(true, new PrintWriter(err, true), "a.car", "verify", 1000, now::get)) {
            now.set(100_000_000L);
            w.at(1000);
            w.done();
        }
        assertEquals("", err.toString());
        ProgressBar.Work failing = ProgressBar.work(true, new PrintWriter(err, true), "a.car", "verify", 1000, now::get);
        now.set(900_000_000L);
        failing.at(900);
        failing.close();
        assertTrue(err.toString().startsWith("\r\033[2Ka.car verify   [######################  ]  90%  900 B/1000 B")
                && err.toString().endsWith(System.lineSeparator()), err.toString());
    }

    @Test
    void workIsSilentWithoutATerminal() {
        StringWriter err = new StringWriter();
        ProgressBar.Work w = ProgressBar.work(false, new PrintWriter(err, true), "big.car", "verify", 1000);
        assertSame(ProgressBar.Work.NONE, w);
        w.at(500);
        w.done();
        assertEquals("", err.toString());
    }
}
