package org.caravan.core.client;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.caravan.core.net.NetworkConfig;
import org.caravan.core.net.PeerAddress;

/**
 * {@code HOME/config.properties}: the client's settings as a file a person, a dotfile manager or an
 * administrator writes (java.util.Properties, {@code key = value}, {@code #} comments). Every key is optional;
 * a key that is present is applied each time the home is opened, so it wins over what {@code client settings}
 * or {@code subscribe --bootstrap} saved; a flag on the command line wins for that command. An unknown key or
 * a bad value stops the command with the file, the key and what is expected, rather than being ignored.
 *
 * @param network       {@code network} (loopback or mainline) with {@code bootstrap} (HOST:PORT,...)
 * @param syncInterval  {@code sync-interval}, seconds between background syncs
 * @param seeding       {@code seeding}, on or off: share the packages of installed apps
 * @param uploadLimit   {@code upload-limit}, KiB per second, 0 for none
 * @param autoUpdate    {@code auto-update}, on or off: install trusted updates after each background sync
 */
public record ClientConfigFile(Optional<NetworkConfig> network, Optional<Duration> syncInterval, Optional<Boolean> seeding,
        Optional<Long> uploadLimit, Optional<Boolean> autoUpdate) {
    public static final String NAME = "config.properties";
    static final List<String> KEYS = List.of("network", "bootstrap", "sync-interval", "seeding", "upload-limit", "auto-update");

    /** The file of {@code home}, or nothing set when there is none. */
    public static ClientConfigFile read(Path home) throws IOException {
        Path file = home.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return new ClientConfigFile(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": unknown key '" + key + "' (known: " + String.join(", ", KEYS) + ")");
            }
        }
        String mode = value(p, "network").orElse(null);
        Optional<String> bootstrap = value(p, "bootstrap");
        Optional<NetworkConfig> network = Optional.empty();
        if (mode != null || bootstrap.isPresent()) {
            String m = mode == null ? "loopback" : mode.toLowerCase(Locale.ROOT);
            network = Optional.of(switch (m) {
                case "mainline" -> {
                    if (bootstrap.isPresent()) {
                        throw new IllegalArgumentException(file + ": bootstrap is for a loopback test network, not with network = mainline");
                    }
                    yield NetworkConfig.mainline();
                }
                case "loopback" -> NetworkConfig.loopback(bootstrap.map(b -> PeerAddress.parseList(b)).orElse(List.of()));
                default -> throw new IllegalArgumentException(file + ": network = " + mode + " (expected loopback or mainline)");
            });
        }
        return new ClientConfigFile(network,
                value(p, "sync-interval").map(v -> Duration.ofSeconds(number(file, "sync-interval", v))),
                value(p, "seeding").map(v -> onOff(file, "seeding", v)),
                value(p, "upload-limit").map(v -> number(file, "upload-limit", v)),
                value(p, "auto-update").map(v -> onOff(file, "auto-update", v)));
    }

    /** Saves every value the file sets as the client's setting. */
    void applyTo(ClientService client) {
        network.filter(n -> !n.equals(client.network())).ifPresent(client::setNetwork);
        syncInterval.filter(i -> !i.equals(client.syncInterval())).ifPresent(client::setSyncInterval);
        seeding.filter(s -> s != client.seeding()).ifPresent(client::setSeeding);
        uploadLimit.filter(u -> u != client.uploadLimitKib()).ifPresent(client::setUploadLimit);
        autoUpdate.filter(a -> a != client.autoUpdate()).ifPresent(client::setAutoUpdate);
    }

    private static Optional<String> value(Properties p, String key) {
        return Optional.ofNullable(p.getProperty(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static long number(Path file, String key, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + key + " = " + v + " (expected a whole number)");
        }
    }

    private static boolean onOff(Path file, String key, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException(file + ": " + key + " = " + v + " (expected on or off)");
        };
    }
}
