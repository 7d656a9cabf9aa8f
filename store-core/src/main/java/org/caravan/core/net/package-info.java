/**
 * Distribution: files as BitTorrent v1 torrents and store channels as BEP 44/46 mutable DHT items,
 * through libtorrent4j, which nothing outside this package sees.
 *
 * <ul>
 *   <li>{@link org.caravan.core.net.TorrentSessions#start} is the only way to a session; its settings come
 *       from one factory, so the loopback rule (127.0.0.1 only, no public routers, no UPnP/NAT-PMP/LSD)
 *       is decided in one place.</li>
 *   <li>The native library is unpacked by {@link org.caravan.core.net.NativeLibrary}: no manual step.</li>
 *   <li>libtorrent's mmap disk I/O and its torrent builder install a signal handler that kills the JVM;
 *       sessions use POSIX disk I/O and .torrent files are built here, in Java.</li>
 *   <li>Alert listeners run on libtorrent's thread and only copy data into queues; callers wait there.</li>
 * </ul>
 */
package org.caravan.core.net;
