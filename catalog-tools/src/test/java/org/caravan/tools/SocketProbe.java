package org.caravan.tools;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** Tries to connect to a Unix domain socket, as another user would (run under setpriv by ClientServiceCliIT). */
public final class SocketProbe {
    private SocketProbe() {}

    public static void main(String[] args) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
            System.out.println("connected");
            System.exit(0);
        } catch (Exception e) {
            System.out.println("refused: " + e);
            System.exit(2);
        }
    }
}
