package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PeerAddressTest {
    @Test
    void parsesHostAndPort() {
        assertEquals(new PeerAddress("127.0.0.1", 6881), PeerAddress.parse("127.0.0.1:6881"));
        assertEquals(new PeerAddress("::1", 6881), PeerAddress.parse("[::1]:6881"));
        assertEquals("[::1]:6881", PeerAddress.parse("[::1]:6881").toString());
    }

    @Test
    void parsesAList() {
        assertEquals(List.of(new PeerAddress("127.0.0.1", 1), new PeerAddress("127.0.0.2", 2)),
                PeerAddress.parseList("127.0.0.1:1, 127.0.0.2:2"));
        assertEquals(List.of(), PeerAddress.parseList(""));
    }

    @Test
    void namesTheBadText() {
        for (String bad : List.of("127.0.0.1", "127.0.0.1:", ":80", "127.0.0.1:http", "127.0.0.1:0",
                "127.0.0.1:70000", "::1:80")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerAddress.parse(bad));
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeerAddress.parseList("127.0.0.1:1,,127.0.0.1:2"));
        assertTrue(e.getMessage().contains("empty entry"), e.getMessage());
    }

    @Test
    void loopbackConfigRefusesOtherAddresses() {
        assertThrows(IllegalArgumentException.class,
                () -> NetworkConfig.loopback(PeerAddress.parseList("127.0.0.1:1,10.0.0.1:2")));
    }
}
