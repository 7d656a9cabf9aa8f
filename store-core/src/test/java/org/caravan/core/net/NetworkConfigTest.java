package org.caravan.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where loopback sessions may listen: 127.0.0.1 by default, any other 127.0.0.0/8 address on request, nothing else. */
class NetworkConfigTest {

    @Test
    void loopbackListensOn127001UnlessToldOtherwise() {
        assertEquals("127.0.0.1", NetworkConfig.loopback(List.of()).listenHost());
        NetworkConfig two = NetworkConfig.loopback(List.of(new PeerAddress("127.0.0.1", 6881))).listeningOn("127.0.0.2");
        assertEquals("127.0.0.2", two.listenHost());
        assertEquals(List.of(new PeerAddress("127.0.0.1", 6881)), two.bootstrap(), "the same network");
        assertEquals(NetworkConfig.loopback(List.of()), new NetworkConfig(NetworkConfig.Mode.LOOPBACK, List.of()));
    }

    @Test
    void theSettingsListenAndConnectOnTheChosenAddress() {
        var sp = SessionSettingsFactory.settingsFor(NetworkConfig.loopback(List.of()).listeningOn("127.1.2.3"));
        assertEquals("127.1.2.3:0", sp.getString(org.libtorrent4j.swig.settings_pack.string_types.listen_interfaces.swigValue()));
        assertEquals("127.1.2.3", sp.getString(org.libtorrent4j.swig.settings_pack.string_types.outgoing_interfaces.swigValue()));
    }

    @Test
    void anAddressOutsideLoopbackIsRefusedByName() {
        for (String bad : List.of("10.0.0.2", "0.0.0.0", "128.0.0.1", "localhost", "127.0.0", "127.0.0.256", "::1",
                "127.0.0.1:6881", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NetworkConfig.loopback(List.of()).listeningOn(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("127.0.0.0/8"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.loopback(List.of()).listeningOn(null));
    }

    @Test
    void mainlineTakesNoListenAddress() {
        assertNull(NetworkConfig.mainline().listenHost());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkConfig.mainline().listeningOn("127.0.0.2"));
        assertTrue(e.getMessage().contains("loopback networks only"), e.getMessage());
    }
}
