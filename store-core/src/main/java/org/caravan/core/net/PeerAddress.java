package org.caravan.core.net;

/** A host and UDP/TCP port, as written {@code 127.0.0.1:6881}. */
public record PeerAddress(String host, int port) {
    public PeerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("address has no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range 1..65535: " + port);
        }
    }

    /** Parses {@code host:port}; names the bad text in the error. */
    public static PeerAddress parse(String text) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
