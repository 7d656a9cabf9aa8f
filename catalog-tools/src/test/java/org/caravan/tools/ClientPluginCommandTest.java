package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline answers of the lifecycle and plugin commands on a fresh home: clear refusals, right exit codes. */
class ClientPluginCommandTest {
    @TempDir
    Path home;

    private Cli client(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "client";
        all[1] = "--home";
        all[2] = home.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(all);
    }

    @Test
    void pluginCommandsOnAHomeWithoutPlugins() {
        Cli list = client("plugin", "list");
        assertEquals(0, list.exit, list.toString());
        assertEquals("", list.out);
        Cli enable = client("plugin", "enable", "org.example.facts");
        assertEquals(ExitCodes.FAILURE, enable.exit, enable.toString());
        assertTrue(enable.err.contains("no installed plugin org.example.facts"), enable.toString());
        Cli unknown = client("plugin", "frobnicate", "x.y");
        assertEquals(ExitCodes.USAGE, unknown.exit, unknown.toString());
        assertTrue(unknown.err.contains("unknown action 'frobnicate'"), unknown.toString());
        Cli missing = client("plugin", "disable");
        assertEquals(ExitCodes.USAGE, missing.exit, missing.toString());
    }

    @Test
    void storeCommandsOnAHomeWithoutStores() {
        Cli stores = client("stores");
        assertEquals(0, stores.exit, stores.toString());
        assertEquals("no store subscribed (caravan client subscribe MAGNET)\n", stores.out);
        Cli unknown = client("unsubscribe", "--yes", "ab".repeat(32));
        assertEquals(ExitCodes.FAILURE, unknown.exit, unknown.toString());
        assertTrue(unknown.err.contains("no store " + "ab".repeat(32) + " is subscribed"), unknown.toString());
        Cli bad = client("unsubscribe", "--yes", "magnet:?xt=urn:btih:00");
        assertEquals(ExitCodes.FAILURE, bad.exit, bad.toString());
        assertTrue(bad.err.contains("store magnet has no xs=urn:btpk:"), bad.toString());
    }

    /** A new home is on a loopback network without nodes: a sync says so at once instead of searching nothing. */
    @Test
    void aSyncWithoutANetworkSaysHowToChooseOne() {
        String magnet = "magnet:?xs=urn:btpk:" + "ab".repeat(32) + "&s=00";
        assertEquals(0, client("subscribe", magnet).exit);
        Cli sync = client("sync");
        assertEquals(ExitCodes.FAILURE, sync.exit, sync.toString());
        assertTrue(sync.toString().contains("this client has no network to sync over (a loopback test network without "
                + "nodes); choose one: caravan client subscribe MAGNET --network mainline"), sync.toString());
    }

    @Test
    void lifecycleCommandsFailForAnAppThatIsNotInstalled() {
        Cli rollback = client("rollback", "org.example.hello");
        assertEquals(ExitCodes.FAILURE, rollback.exit, rollback.toString());
        assertTrue(rollback.err.contains("org.example.hello: is not installed"), rollback.toString());
        // Removing what is not installed leaves the state asked for: nothing to do, exit 0.
        Cli remove = client("remove", "org.example.hello");
        assertEquals(0, remove.exit, remove.toString());
        assertEquals("org.example.hello is not installed: nothing to remove\n", remove.out);
        // Not installed is nothing a rule refused: exit 1, as for rollback and update.
        Cli run = client("run", "org.example.hello");
        assertEquals(ExitCodes.FAILURE, run.exit, run.toString());
        assertTrue(run.err.contains("not started: org.example.hello is not installed"), run.toString());
        Cli update = client("update", "org.example.hello");
        assertEquals(ExitCodes.FAILURE, update.exit, update.toString());
        assertTrue(update.err.contains("org.example.hello is not installed"), update.toString());
        Cli all = client("update", "--all");
        assertEquals(0, all.exit, all.toString());
        assertEquals("no app is installed\n", all.out);
    }
}
