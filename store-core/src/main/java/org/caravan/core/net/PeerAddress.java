package org.caravan.core.net;

import java.util.ArrayList;
import java.util.List;

/** A host and UDP/TCP port, as written {@code 127.0.0.1:6881} (or {@code [::1]:6881}). */
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
        if (text == null) {
            throw new IllegalArgumentException("peer address is missing (null)");
        }
        String t = text.strip();
        String host;
        String portText;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("not a peer address [ipv6]:port: '" + text + "'");
            }
            host = t.substring(1, close);
            portText = t.substring(close + 2);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("peer address has no ':port': '" + text + "'");
            }
            host = t.substring(0, colon);
            portText = t.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException("write an IPv6 peer address as [host]:port: '" + text + "'");
            }
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("peer address has no host: '" + text + "'");
        }
        if (!portText.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("peer address has a bad port '" + portText + "': '" + text + "'");
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("peer address port out of range 1..65535: '" + text + "'");
        }
        return new PeerAddress(host, port);
    }

    /** Parses a comma-separated list such as {@code 127.0.0.1:1,127.0.0.1:2}; blank text is an empty list. */
    public static List<PeerAddress> parseList(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<PeerAddress> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("empty entry in peer address list: '" + text + "'");
            }
            out.add(parse(part));
        }
        return List.copyOf(out);
    }

    /** True for 127.0.0.0/8, the only addresses tests and the demo may use. */
    public boolean isLoopback() {
        return host.startsWith("127.") || host.equals("localhost") || host.equals("::1");
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
