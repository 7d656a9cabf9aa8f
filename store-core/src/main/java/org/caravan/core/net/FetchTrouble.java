package org.caravan.core.net;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What went wrong with the sources of one fetch, collected from libtorrent's alerts and the mirrors' metainfo: a fetch
 * that then fails says why (a mirror serving a changed or cut-short file ends in a time-out, which alone tells the
 * user nothing about the mirror). Written by libtorrent's alert thread, read by the fetching thread.
 */
final class FetchTrouble {
    private static final int MAX_MIRRORS_NAMED = 4;
    private int piecesFailed;
    private final Map<String, String> mirrors = new LinkedHashMap<>();
    private final Map<String, String> byAddress = new HashMap<>();

    /** The fetch's mirrors, so that a web seed's errors, which libtorrent reports by address, name their URL. */
    synchronized void mirrors(List<String> urls) {
        for (String url : urls == null ? List.<String>of() : urls) {
            try {
                URI u = URI.create(url);
                int port = u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
                if (u.getHost() != null) {
                    byAddress.putIfAbsent(u.getHost() + ":" + port, url);
                }
            } catch (IllegalArgumentException e) {
                // not a URL: libtorrent will not use it either
            }
        }
    }

    /** A peer connection's error: kept when the peer is one of the mirrors (other peers' errors are routine). */
    synchronized void peerFailed(String address, int port, String error) {
        String url = byAddress.get(address + ":" + port);
        if (url != null) {
            mirrorFailed(url, error);
        }
    }

    synchronized void pieceFailed() {
        piecesFailed++;
    }

    /** The last error of {@code url} (a web seed or its metainfo URL). */
    synchronized void mirrorFailed(String url, String error) {
        if (mirrors.containsKey(url) || mirrors.size() < MAX_MIRRORS_NAMED) {
            mirrors.put(url, error);
        }
    }

    /** One clause naming the troubles, empty if there were none. */
    synchronized String describe() {
        StringBuilder b = new StringBuilder();
        if (piecesFailed > 0) {
            b.append(piecesFailed).append(" piece(s) failed the torrent's hash check and were thrown away (a mirror or ")
                    .append("peer sent changed bytes)");
        }
        mirrors.forEach((url, error) -> b.append(b.length() == 0 ? "" : "; ").append("mirror ").append(url)
                .append(": ").append(error));
        return b.toString();
    }

    /** {@code e} with the troubles added to its message (the same exception if there were none). */
    IOException explain(IOException e) {
        String t = describe();
        if (t.isEmpty()) {
            return e;
        }
        if (e instanceof NoPeerException n) {
            return n.with(t);
        }
        return new IOException(e.getMessage() + "; " + t, e);
    }
}
