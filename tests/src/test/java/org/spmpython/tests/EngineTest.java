package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hub/spoke engine, on one shared hub (2 local spokes, the tracker open on loopback): spokes
 * join while the REPL idles, pools resolve over local and hand-started spokes, bad peers at the
 * tracker's port change nothing, work is evaluated on spokes, and a killed or silent spoke is lost
 * and relaunched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ProcessLeakCheck.AfterAllTests.class)
class EngineTest {
    private static final Pattern LISTENING = Pattern.compile(
            "tracker listening on /127\\.0\\.0\\.1:(\\d+); remote spokes: .* --secret-file (\\S+)");
    private HubSession hub;
    private int port;
    private String secretFile;

    @BeforeAll
    void startHub() throws InterruptedException {
        hub = HubSession.start("--spokes", "local:2", "--listen", "127.0.0.1:0", "--lost-after", "3");
        String banner = hub.awaitAnswer("print(spm.sys.tracker.listening)", a -> a.contains("--secret-file"),
                Duration.ofSeconds(120), "listening");
        Matcher m = LISTENING.matcher(hub.stderr());
        assertTrue(m.find(), banner + "\n" + hub.stderr());
        port = Integer.parseInt(m.group(1));
        secretFile = m.group(2);
    }

    @AfterAll
    void stopHub() throws InterruptedException {
        hub.close();
    }

    @Test
    @Order(1)
    void spokesJoinWhileTheReplIdles() throws Exception {
        // Nothing is typed for a while: the REPL waits on its pipe while the tracker works.
        Thread.sleep(3000);
        hub.awaitIdleSpokes(2);
        String summary = hub.run("spm.sys.tracker");
        assertEquals("<spm tracker: 2 spokes (2 idle) on 1 server>", summary);
        String status = hub.run("spm.sys.tracker.status()");
        assertTrue(status.contains("(hub)") && status.contains("core 0") && status.contains("core 1"), status);
        // Each local spoke is pinned to its core.
        List<String> affinities = new ArrayList<>();
        for (long pid : hub.spokePids("idle")) {
            affinities.add(Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow()
                    .replaceAll("\\s+", " "));
        }
        affinities.sort(null);
        assertEquals(List.of("Cpus_allowed_list: 0", "Cpus_allowed_list: 1"), affinities);
    }

    @Test
    @Order(2)
    void poolsResolveOverLocalAndHandStartedSpokes() throws Exception {
        List<Process> handStarted = new ArrayList<>();
        try {
            for (String server : List.of("alpha", "beta")) {
                handStarted.add(SpmPython.processBuilder(List.of("spoke", "--hub", "127.0.0.1:" + port,
                        "--secret-file", secretFile, "--server-name", server)).redirectErrorStream(true).start());
            }
            hub.awaitIdleSpokes(4);
            String hubServer = hub.run("print(spm.sys.tracker.serverName)");
            String resolved = hub.run("import pool; print([(p, sorted(s.serverName for s in p.resolve())) for p in "
                    + "(pool.intraAll(), pool.intraOnePerServer(), pool.inter(), pool.interOnePerServer())])");
            String h = "'" + hubServer + "'";
            assertEquals("[(pool.intraAll(), [" + h + ", " + h + "]), (pool.intraOnePerServer(), [" + h + "]), "
                    + "(pool.inter(), " + sorted("'alpha'", "'beta'", h, h) + "), "
                    + "(pool.interOnePerServer(), " + sorted("'alpha'", "'beta'", h) + ")]", resolved);
        } finally {
            handStarted.forEach(Process::destroy);
            for (Process p : handStarted) {
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "a hand-started spoke did not exit on SIGTERM");
            }
        }
        hub.awaitIdleSpokes(2);
    }

    private static String sorted(String... items) {
        List<String> list = new ArrayList<>(List.of(items));
        list.sort(null);
        return list.toString();
    }

    @Test
    @Order(3)
    void badPeersAtTheTrackerPortAreRefusedAndTheHubServesOn() throws Exception {
        try (Socket junk = new Socket("127.0.0.1", port)) {
            byte[] bytes = new byte[1000];
            new Random(1).nextBytes(bytes);
            bytes[0] = 0; // its first frame claims 11 MB: more than any peer may send before it is admitted
            junk.getOutputStream().write(bytes);
            assertClosed(junk);
        }
        try (Socket garbage = new Socket("127.0.0.1", port)) {
            byte[] bytes = new byte[1000];
            new Random(2).nextBytes(bytes);
            DataOutputStream out = new DataOutputStream(garbage.getOutputStream());
            out.writeInt(bytes.length); // a whole frame of garbage instead of a HELLO
            out.write(bytes);
            assertClosed(garbage);
        }
        try (Socket huge = new Socket("127.0.0.1", port)) {
            new DataOutputStream(huge.getOutputStream()).writeInt(Integer.MAX_VALUE); // a 2 GiB frame
            assertClosed(huge);
        }
        try (Socket truncated = new Socket("127.0.0.1", port)) {
            DataOutputStream out = new DataOutputStream(truncated.getOutputStream());
            out.writeInt(64);
            out.write(new byte[8]); // and then nothing more
        }
        var wrongSecret = Paths.write(Paths.newScratchDir("secret"), "secret", "00".repeat(32));
        var intruder = SpmPython.with("spoke", "--hub", "127.0.0.1:" + port, "--secret-file", wrongSecret.toString(),
                "--server-name", "intruder").run();
        assertEquals(3, intruder.exitCode(), intruder.toString());
        assertTrue(intruder.stderr().contains("did not accept this spoke"), intruder.toString());

        String log = hub.stderr();
        assertTrue(log.contains("wrong secret"), log);
        assertTrue(log.contains("closed connection from"), log);
        assertTrue(log.contains("a frame longer than the 4096 bytes a peer may send before it is admitted"), log);
        assertTrue(log.contains("malformed message"), log);
        // Still serving: both spokes idle, none joined from the bad peers, and work gets done.
        assertEquals("<spm tracker: 2 spokes (2 idle) on 1 server>", hub.run("spm.sys.tracker"));
        assertEquals("42", hub.run("print(spm.sys.tracker.evaluate(spm.sys.tracker.spokes()[0], '6 * 7'))"));
    }

    /**
     * The hub closes a bad peer as soon as its bytes are read, not after the handshake's 10 s
     * timeout (junk whose first bytes read as a long frame once waited for that timeout, and raced
     * a 10 s read timeout here).
     */
    private static void assertClosed(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        long start = System.nanoTime();
        try {
            while (socket.getInputStream().read() >= 0) {
                // the challenge, then the end
            }
        } catch (java.net.SocketException reset) {
            // closed by a reset
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5_000, "the hub took " + millis + " ms to close a bad peer");
    }

    @Test
    @Order(4)
    void evaluationOnASpokeReturnsValuesAndRemoteTracebacks() {
        var dir = Paths.newScratchDir("probe");
        Paths.write(dir, "engine_probe.py", """
                import spm

                def spoke():
                    return spm.sys.tracker.spokes(('idle',))[0]

                def values():
                    return spm.sys.tracker.evaluate(spoke(),
                        "(spm.sys.pstat.amSpoke(), spm.sys.pstat.amHub(), spm.sys.sstat.amOnline(), 'from the spoke')")

                def remote_traceback():
                    try:
                        spm.sys.tracker.evaluate(spoke(), "def f():\\n    raise KeyError(7)\\nf()")
                    except spm.exceptions.SpokeEvaluationError as e:
                        return str(e)

                # DESIGN §3: during a spoke's preload, a hub-only call is skipped; otherwise it raises.
                PRELOAD_RULE = (
                    "import spm._state\\n"
                    "@spm.util.dassert(predicateCb = spm.sys.pstat.amHub)\\n"
                    "def hub_only():\\n"
                    "    return 'ran'\\n"
                    "spm._state.set_preloading(True)\\n"
                    "skipped = hub_only()\\n"
                    "spm._state.set_preloading(False)\\n"
                    "try:\\n"
                    "    hub_only()\\n"
                    "    raised = None\\n"
                    "except spm.SPMInvariantViolation as e:\\n"
                    "    raised = str(e)\\n")

                def preload_rule():
                    spm.sys.tracker.evaluate(spoke(), PRELOAD_RULE)
                    return spm.sys.tracker.evaluate(spoke(), "(skipped, raised)")
                """);
        hub.run("import sys; sys.path.insert(0, " + HubSession.quoted(dir.toString()) + "); import engine_probe");
        assertEquals("(True, False, True, 'from the spoke')", hub.run("print(engine_probe.values())"));
        String error = hub.run("print(engine_probe.remote_traceback())");
        assertTrue(error.contains("line 2, in f") && error.contains("KeyError: 7") && !error.contains("_spoke.py"), error);
        assertEquals("(None, 'hub_only: spm.sys.pstat.amHub() does not hold')", hub.run("print(engine_probe.preload_rule())"));
    }

    @Test
    @Order(5)
    void killedSpokeIsLostAtOnceAndRelaunched() throws Exception {
        List<Long> before = hub.spokePids("idle");
        assertEquals(2, before.size());
        long victim = before.get(0);
        new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor();
        hub.awaitAnswer("print(sorted(s.state for s in spm.sys.tracker.spokes() if s.pid == " + victim + "))",
                a -> a.equals("['lost']"), Duration.ofSeconds(5), "the killed spoke lost");
        hub.awaitIdleSpokes(2);
        List<Long> after = hub.spokePids("idle");
        assertTrue(!after.contains(victim) && after.contains(before.get(1)), before + " -> " + after);
    }

    @Test
    @Order(6)
    void silentSpokeIsLostWithinTheBoundEndedAndRelaunched() throws Exception {
        long victim = hub.spokePids("idle").get(0);
        new ProcessBuilder("kill", "-STOP", Long.toString(victim)).start().waitFor();
        long stopped = System.nanoTime();
        hub.awaitAnswer("print(sorted(s.state for s in spm.sys.tracker.spokes() if s.pid == " + victim + "))",
                a -> a.equals("['lost']"), Duration.ofSeconds(10), "the silent spoke lost");
        double took = (System.nanoTime() - stopped) / 1e9;
        assertTrue(took < 3 + 2, "lost after " + took + " s with --lost-after 3");
        // The cloud ends the silent process (it may be hung, not dead) and starts another.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(victim).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() < deadline, "the lost spoke's process " + victim + " was not ended");
            Thread.sleep(100);
        }
        hub.awaitIdleSpokes(2);
        assertTrue(hub.stderr().contains("lost: no heartbeat"), hub.stderr());
    }
}
