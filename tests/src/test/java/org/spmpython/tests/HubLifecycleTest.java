package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Local spokes die with their hub, whatever ends it: exit(), an exception, SIGTERM, kill -9. */
@ExtendWith(ProcessLeakCheck.class)
class HubLifecycleTest {
    private static final Duration SPOKES_GONE = Duration.ofSeconds(10);

    private static void assertGone(List<Long> pids, String after) throws InterruptedException {
        long deadline = System.nanoTime() + SPOKES_GONE.toNanos();
        List<Long> alive = pids;
        while (System.nanoTime() < deadline) {
            alive = pids.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).toList();
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("spokes " + alive + " still running " + SPOKES_GONE + " after " + after);
    }

    /** Where hubs keep their session folders (org.spmpython.bridge.python.Installation.runtimeDir()). */
    private static Path runtimeDir() {
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        return xdg != null && !xdg.isEmpty() ? Path.of(xdg, "spm-python")
                : Path.of(System.getProperty("java.io.tmpdir"), "spm-python-" + System.getProperty("user.name"));
    }

    private static List<Long> joinedSpokes(HubSession hub, int n) throws InterruptedException {
        hub.awaitIdleSpokes(n);
        List<Long> pids = hub.spokePids("idle");
        assertEquals(n, pids.size());
        return pids;
    }

    @Test
    void killMinus9OfTheHubEndsEveryLocalSpoke() throws Exception {
        try (HubSession hub = HubSession.start("--spokes", "local:2")) {
            List<Long> spokes = joinedSpokes(hub, 2);
            new ProcessBuilder("kill", "-9", Long.toString(hub.pid())).start().waitFor();
            assertTrue(hub.process().waitFor(10, TimeUnit.SECONDS));
            assertGone(spokes, "kill -9 of the hub");
        }
    }

    @Test
    void sigtermOfTheHubEndsItsSpokes() throws Exception {
        try (HubSession hub = HubSession.start("--spokes", "local:1")) {
            List<Long> spokes = joinedSpokes(hub, 1);
            new ProcessBuilder("kill", "-TERM", Long.toString(hub.pid())).start().waitFor();
            assertTrue(hub.process().waitFor(20, TimeUnit.SECONDS), "the hub ignored SIGTERM");
            assertGone(spokes, "SIGTERM to the hub");
        }
    }

    @Test
    void exitEndsTheSpokesAndRemovesTheSessionsSecret() throws Exception {
        List<Long> spokes;
        Path session;
        try (HubSession hub = HubSession.start("--spokes", "local:1")) {
            spokes = joinedSpokes(hub, 1);
            session = runtimeDir().resolve("hub-" + hub.pid());
            assertTrue(Files.isRegularFile(session.resolve("secret")), session + " has no secret");
            hub.send("exit(5)\n");
            assertTrue(hub.process().waitFor(20, TimeUnit.SECONDS));
            assertEquals(5, hub.process().exitValue());
        }
        assertGone(spokes, "exit()");
        assertTrue(!Files.exists(session), session + " outlived its hub");
    }

    @Test
    void anUncaughtExceptionEndsTheSpokes() throws Exception {
        String program = String.join("\n",
                "import time",
                "while len(spm.sys.tracker.spokes(('idle',))) < 1: time.sleep(0.2)",
                "print(' '.join(str(s.pid) for s in spm.sys.tracker.spokes()), flush=True)",
                "raise RuntimeError('the user script failed')");
        var r = SpmPython.with("--spokes", "local:1", "-c", program).run();
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("RuntimeError: the user script failed"), r.toString());
        List<Long> spokes = new ArrayList<>();
        for (String pid : r.stdout().trim().split("\\s+")) {
            spokes.add(Long.parseLong(pid));
        }
        assertGone(spokes, "an uncaught exception");
    }
}
