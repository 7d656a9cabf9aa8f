package org.caravan.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.caravan.core.client.ClientEvent;
import org.caravan.core.net.StoreMagnet;
import org.caravan.core.service.HomeService;
import org.caravan.core.service.ServiceSocket;
import org.caravan.core.service.ServiceStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client service as a user meets it: commands typed while a service holds the home are answered by it (several
 * at once, an app started in the typing terminal), a second service is refused, a service killed with SIGKILL
 * leaves a home the next start opens, and another user cannot connect.
 */
class ClientServiceCliIT {
    static final String HELLO = "org.example.hello";
    static final String NOTES = "org.example.notes";

    @TempDir
    Path tmp;

    String p(String name) {
        return tmp.resolve(name).toString();
    }

    /** A command through the real entry point, as the caravan script starts it: forwarded when a service answers. */
    record Typed(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    static Typed type(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Launch.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Typed(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Typed typeOk(String... args) {
        Typed t = type(args);
        assertEquals(0, t.exit(), t.toString());
        return t;
    }

    static Cli ok(String... args) {
        Cli c = Cli.run(args);
        assertEquals(0, c.exit, c.toString());
        return c;
    }

    static void awaitService(Path home, PublishSubscribeCycleIT.Background service) throws InterruptedException {
        for (int i = 0; i < 600 && ServiceStatus.of(home).isEmpty(); i++) {
            if (service != null && !service.thread.isAlive()) {
                throw new AssertionError("the service ended: " + service.err);
            }
            Thread.sleep(50);
        }
        assertTrue(ServiceStatus.of(home).isPresent(), "no service answers on " + home);
    }

    void release(String store, String id, String version) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src-" + id + "-" + version));
        Path script = src.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\necho " + id + " " + version + " > \"$1\"\nexit 5\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String car = p(id + "-" + version + ".car");
        ok("package", "build", "--id", id, "--version", version, "--launch", "run.sh", "--from", src.toString(),
                "--out", car);
        ok("package", "sign", "--key", p("alice.key"), car);
        ok("store", "add", "--dir", store, car);
    }

    @Test
    void commandsAreAnsweredByTheServiceThatHoldsTheHome() throws Exception {
        try (PublishSubscribeCycleIT.Background testnet = new PublishSubscribeCycleIT.Background("testnet", "--nodes", "3")) {
            testnet.awaitOutput("\n", Duration.ofSeconds(30));
            Thread.sleep(200);
            List<String> nodes = testnet.out.toString().lines().toList();
            ok("key", "generate", "--uid", "Root <root@example.org>", "--out", p("root.key"), "--no-passphrase");
            ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
            Files.writeString(tmp.resolve("alice.asc"), ok("key", "export", p("alice.key")).out);
            String store = p("STORE");
            ok("store", "init", "--dir", store, "--name", "Demo Store", "--root-key", p("root.key"));
            ok("store", "certify", "--dir", store, "--cert", p("alice.asc"), "--level", "developer", "--scope", "global");
            release(store, HELLO, "1.0.0");
            release(store, NOTES, "1.0.0");
            Path home = tmp.resolve("HOME");
            String h = home.toString();
            try (PublishSubscribeCycleIT.Background serve = new PublishSubscribeCycleIT.Background("store", "serve",
                    "--dir", store, "--bootstrap", String.join(",", nodes), "--interval", "1");
                 PublishSubscribeCycleIT.Background service = new PublishSubscribeCycleIT.Background("client", "--home", h,
                         "service", "run")) {
                serve.awaitOutput("published generation 1", Duration.ofSeconds(30));
                String magnet = serve.out.toString().lines().findFirst().orElseThrow();
                awaitService(home, service);

                typeOk("client", "--home", h, "subscribe", magnet, "--bootstrap", nodes.get(0));
                assertTrue(typeOk("client", "--home", h, "sync").out().contains("generation 1"));
                // Several commands at once, each answered while the others run.
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Future<Typed>> running = new ArrayList<>();
                    running.add(pool.submit(() -> type("client", "--home", h, "install", HELLO)));
                    running.add(pool.submit(() -> type("client", "--home", h, "install", NOTES)));
                    running.add(pool.submit(() -> type("client", "--home", h, "list")));
                    running.add(pool.submit(() -> type("client", "--home", h, "stores", "--json")));
                    for (Future<Typed> f : running) {
                        Typed t = f.get(120, TimeUnit.SECONDS);
                        assertEquals(0, t.exit(), t.toString());
                    }
                    assertTrue(running.get(0).get().out().startsWith("installed " + HELLO + " 1.0.0"), running.get(0).get().toString());
                    assertTrue(running.get(1).get().out().startsWith("installed " + NOTES + " 1.0.0"), running.get(1).get().toString());
                    assertTrue(running.get(3).get().out().contains("\"name\" : \"Demo Store\""), running.get(3).get().toString());
                } finally {
                    pool.shutdownNow();
                }
                assertEquals(List.of(HELLO + " 1.0.0 trusted installed=1.0.0", NOTES + " 1.0.0 trusted installed=1.0.0"),
                        typeOk("client", "--home", h, "list").out().lines().toList());

                // run: decided by the service, started in the terminal the command was typed in, with its exit code.
                Path ran = tmp.resolve("ran.txt");
                Typed run = type("client", "--home", h, "run", HELLO, "--", ran.toString());
                assertEquals(5, run.exit(), run.toString());
                assertEquals(HELLO + " 1.0.0\n", Files.readString(ran));
                // A failure keeps its exit code across the socket (a refusal's is below: a spurious app's run).
                Typed absent = type("client", "--home", h, "install", "org.example.absent");
                assertEquals(ExitCodes.FAILURE, absent.exit(), absent.toString());
                assertTrue(absent.err().contains("no subscribed store lists org.example.absent"), absent.toString());

                // A revocation synced through the service: the typed sync names both installed apps, once, and the
                // service's log says it too.
                ok("store", "revoke", "--dir", store, "--cert", p("alice.asc"), "--reason", "compromised", "--yes");
                serve.awaitOutput("published generation 2", Duration.ofSeconds(30));
                List<String> synced = typeOk("client", "--home", h, "sync").out().lines().toList();
                assertEquals(3, synced.size(), synced.toString());
                assertTrue(synced.get(0).contains("generation 2"), synced.toString());
                for (String line : synced.subList(1, 3)) {
                    assertTrue(line.matches("org\\.example\\.(hello|notes) 1\\.0\\.0 is no longer trusted: refused \\(revoked\\).*"
                            + "it will not start \\(remove it: caravan client remove org\\.example\\.(hello|notes)\\)"), line);
                }
                assertTrue(service.err.toString().contains("org.example.hello 1.0.0 is no longer trusted"), service.err.toString());
                assertEquals(1, typeOk("client", "--home", h, "sync").out().lines().count());
                Typed spurious = type("client", "--home", h, "run", HELLO, "--", ran.toString());
                assertEquals(ExitCodes.REFUSED, spurious.exit(), spurious.toString());

                Cli status = ok("client", "--home", h, "service", "status");
                assertTrue(status.out.contains("runs: pid " + ProcessHandle.current().pid()), status.toString());
                ok("client", "--home", h, "service", "stop");
                service.thread.join(30_000);
                assertFalse(service.thread.isAlive(), "the service ended on stop");
                assertEquals(0, service.exit.get(), service.err.toString());
            }
            // Stopped: the next command opens the home itself, and finds everything the service wrote.
            assertTrue(ServiceStatus.of(home).isEmpty());
            assertFalse(Files.exists(ServiceSocket.path(home)));
            assertEquals(List.of(HELLO + " 1.0.0 spurious installed=1.0.0",
                    "    spurious: its signer was revoked; it will not run. Remove it: caravan client remove " + HELLO,
                    NOTES + " 1.0.0 spurious installed=1.0.0",
                    "    spurious: its signer was revoked; it will not run. Remove it: caravan client remove " + NOTES),
                    typeOk("client", "--home", h, "list").out().lines().toList());
            Typed status = type("client", "--home", h, "service", "status");
            assertEquals(ExitCodes.REFUSED, status.exit(), status.toString());
        }
    }

    /** The service as its own process, started the way the caravan script starts any command. */
    static Process serviceProcess(Path home, Path log) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.caravan.tools.Launch", "client", "--home", home.toString(),
                "service", "run");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void aSecondServiceIsRefusedAndAKilledOneLeavesAHomeTheNextStartOpens() throws Exception {
        Path home = tmp.resolve("HOME");
        String h = home.toString();
        Process first = serviceProcess(home, tmp.resolve("first.log"));
        try {
            for (int i = 0; i < 1200 && ServiceStatus.of(home).isEmpty() && first.isAlive(); i++) {
                Thread.sleep(50);
            }
            assertEquals(first.pid(), ServiceStatus.of(home).orElseThrow().pid(), Files.readString(tmp.resolve("first.log")));

            Process second = serviceProcess(home, tmp.resolve("second.log"));
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            String said = Files.readString(tmp.resolve("second.log"));
            assertEquals(ExitCodes.REFUSED, second.exitValue(), said);
            assertTrue(said.contains("the client home " + home + " is already served by process " + first.pid()), said);
            assertTrue(first.isAlive());

            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String magnet = new StoreMagnet(key, new byte[] {1, 2}).format();
            typeOk("client", "--home", h, "subscribe", magnet);
            // trust ... --home: the home's own trust decisions go to its service too (else: database in use).
            assertTrue(typeOk("trust", "overrides", "--home", h).exit() == 0);
            // An install cut short: files half-extracted in staging when the service is killed.
            Path half = Files.createDirectories(home.resolve("staging").resolve("org.example.half-1.0.0"));
            Files.writeString(half.resolve("part.bin"), "half");
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook runs, the socket file stays
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(ServiceSocket.path(home)), "a killed service leaves its socket");
        assertTrue(ServiceStatus.of(home).isEmpty());

        // The next command opens the home itself: the subscription is there, staging is emptied.
        assertTrue(typeOk("client", "--home", h, "stores").out().contains(StoreMagnet.parse(
                new StoreMagnet(new byte[32], new byte[] {1}).format()).format().substring(0, 0)));
        assertEquals(1, typeOk("client", "--home", h, "stores", "--json").out().split("\"storeKey\"").length - 1);
        try (var staged = Files.list(home.resolve("staging"))) {
            assertEquals(List.of(), staged.toList());
        }
        // The next service replaces the stale socket and answers.
        try (HomeService again = HomeService.start(home, Clock.systemUTC())) {
            assertEquals(ProcessHandle.current().pid(), ServiceStatus.of(home).orElseThrow().pid());
            assertEquals(1, typeOk("client", "--home", h, "stores", "--json").out().split("\"storeKey\"").length - 1);
        }
    }

    /**
     * A licence added with the command line while a service holds the home reaches every face of it at once (the
     * window here, a client of the service over its socket: it unlocks the app without a Refresh), and is held.
     */
    @Test
    void aLicenceAddedWhileTheServiceRunsReachesTheWindowAtOnce() throws Exception {
        Path home = tmp.resolve("HOME");
        String h = home.toString();
        ok("key", "generate", "--uid", "Alice <alice@example.org>", "--out", p("alice.key"), "--no-passphrase");
        Files.writeString(tmp.resolve("home.asc"), ok("client", "--home", h, "identity").out);
        ok("license", "issue", "--key", p("alice.key"), "--app", "org.example.paid", "--to", p("home.asc"),
                "--out", p("paid.lic"));
        try (PublishSubscribeCycleIT.Background service = new PublishSubscribeCycleIT.Background("client", "--home", h,
                "service", "run")) {
            awaitService(home, service);
            try (org.caravan.core.service.RemoteClient window = org.caravan.core.service.RemoteClient.connect(home)
                    .orElseThrow()) {
                LinkedBlockingQueue<ClientEvent> heard = new LinkedBlockingQueue<>();
                window.addEventListener(heard::add);
                assertTrue(window.awaitEventStream(Duration.ofSeconds(30)), "the window's event stream");
                assertTrue(window.licence("org.example.paid").isEmpty(), "no licence yet");

                Typed added = typeOk("client", "--home", h, "license", "add", p("paid.lic"));
                assertTrue(added.out().startsWith("added org.example.paid versions "), added.toString());
                ClientEvent e = heard.poll(30, TimeUnit.SECONDS);
                assertTrue(e instanceof ClientEvent.LicenceAdded, String.valueOf(e));
                ClientEvent.LicenceAdded licence = (ClientEvent.LicenceAdded) e;
                assertEquals("org.example.paid", licence.appId());
                assertEquals(added.out().strip(), "added " + licence.summary());
                assertEquals(org.caravan.core.client.AppLicence.State.HELD,
                        window.licence("org.example.paid").orElseThrow().state());

                // A file that is no licence is refused by name; nothing is stored, nobody is told.
                Typed bad = type("client", "--home", h, "license", "add", p("home.asc"));
                assertEquals(ExitCodes.FAILURE, bad.exit(), bad.toString());
                assertTrue(bad.err().contains(p("home.asc") + " refused"), bad.toString());
                assertEquals(null, heard.poll(1, TimeUnit.SECONDS));
                assertEquals(1, typeOk("client", "--home", h, "license", "list").out().lines()
                        .filter(l -> l.contains("org.example.paid")).count());
            }
        }
    }

    @Test
    void aCommandWaitsForAOneShotCommandThatHoldsTheHome() throws Exception {
        Path home = tmp.resolve("HOME");
        String h = home.toString();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        typeOk("client", "--home", h, "subscribe", new StoreMagnet(key, new byte[] {7}).format());
        // A one-shot command holds the home (its lock) without serving it.
        var held = org.caravan.core.service.HomeLock.tryAcquire(home).orElseThrow();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Typed> waiting = pool.submit(() -> type("client", "--home", h, "stores", "--json"));
            Thread.sleep(1000);
            assertFalse(waiting.isDone(), "the command waits for the home rather than failing");
            held.close();
            Typed t = waiting.get(60, TimeUnit.SECONDS);
            assertEquals(0, t.exit(), t.toString());
            assertTrue(t.out().contains(new StoreMagnet(key, new byte[] {7}).publicKeyHex()), t.toString());
        } finally {
            held.close();
            pool.shutdownNow();
        }
    }

    @Test
    void anotherUserCannotConnect() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        Assumptions.assumeTrue(Files.isExecutable(setpriv), "setpriv (util-linux) is needed to connect as another user");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root can switch to another uid to try the socket");
        Path home = tmp.resolve("HOME");
        // The probe's class must be readable by uid 65534: copy it out of the build folder.
        Path probeDir = Files.createTempDirectory("caravan-probe");
        try (HomeService service = HomeService.start(home, Clock.systemUTC())) {
            Path cls = Path.of(SocketProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve("org/caravan/tools/SocketProbe.class");
            Path copy = Files.createDirectories(probeDir.resolve("org/caravan/tools")).resolve("SocketProbe.class");
            Files.copy(cls, copy);
            for (Path p : List.of(probeDir, probeDir.resolve("org"), probeDir.resolve("org/caravan"),
                    probeDir.resolve("org/caravan/tools"))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            Path socket = ServiceSocket.path(home);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

            // The owner connects: the probe can succeed.
            assertEquals("connected", probe(List.of(java, "-XX:-UsePerfData", "-cp", probeDir.toString(),
                    SocketProbe.class.getName(), socket.toString()), 0));
            List<String> asNobody = List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                    java, "-XX:-UsePerfData", "-cp", probeDir.toString(), SocketProbe.class.getName(), socket.toString());
            // Home 700: another user cannot reach the socket at all.
            assertTrue(probe(asNobody, 2).contains("Permission denied"));
            // Even through a home opened to others, the socket's own mode 600 refuses the connection.
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
            try {
                assertTrue(probe(asNobody, 2).contains("Permission denied"));
            } finally {
                Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    private static String probe(List<String> cmd, int expectedExit) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(expectedExit, p.exitValue(), out);
        return out;
    }
}
