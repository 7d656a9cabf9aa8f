package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a failed fetch says about its sources: a mirror's errors by URL, pieces thrown away, nothing when all went well. */
class FetchTroubleTest {
    static final InfoHash IH = new InfoHash("ab".repeat(20));
    static final String MIRROR = "http://127.0.0.1:8080/files/x.cpkg";

    @Test
    void aFetchWithoutTroubleKeepsItsException() {
        FetchTrouble t = new FetchTrouble();
        t.mirrors(List.of(MIRROR));
        t.peerFailed("127.0.0.1", 9999, "connection reset"); // a peer, not the mirror: routine
        IOException e = new IOException("timed out");
        assertSame(e, t.explain(e));
    }

    @Test
    void aMirrorsErrorsAreNamedByItsUrlAndTheExceptionKeepsItsType() {
        FetchTrouble t = new FetchTrouble();
        t.mirrors(List.of(MIRROR, "https://m.example.org/x.cpkg"));
        t.pieceFailed();
        t.pieceFailed();
        t.peerFailed("127.0.0.1", 8080, "invalid HTTP range");
        t.mirrorFailed("https://m.example.org/x.cpkg.torrent", "its metainfo describes torrent cd, not ab (ignored)");
        String why = t.describe();
        assertEquals("2 piece(s) failed the torrent's hash check and were thrown away (a mirror or peer sent changed "
                + "bytes); mirror " + MIRROR + ": invalid HTTP range; mirror https://m.example.org/x.cpkg.torrent: its "
                + "metainfo describes torrent cd, not ab (ignored)", why);
        IOException timedOut = t.explain(new IOException("timed out after PT3S downloading torrent " + IH));
        assertTrue(timedOut.getMessage().startsWith("timed out after PT3S downloading torrent " + IH + "; 2 piece(s)"),
                timedOut.getMessage());
        NoPeerException none = assertInstanceOf(NoPeerException.class,
                t.explain(new NoPeerException(IH, Duration.ofSeconds(25), 100, 0)));
        assertEquals(100, none.bytesDone());
        assertTrue(none.getMessage().startsWith("no peer has torrent " + IH) && none.getMessage().endsWith(why),
                none.getMessage());
    }
}
