package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The fault matrix ({@link FaultMatrix}) on spokes that are threads of the hub's JVM
 * ({@code --spokes threads:2}), where a task's fault must end at most its own spoke, never the
 * hub; and what only spoke threads have: they are threads of the hub, {@code os._exit} ends only
 * its spoke thread and says so, a task's print is shown at the hub with its spoke, a slot whose spoke keeps
 * crashing is given up, a hub killed mid co-process leaves no co-process behind, and a task stuck
 * in a blocking call ends its spoke while the session still ends promptly.
 */
class ThreadSpokesTest extends FaultMatrix {
    ThreadSpokesTest() {
        super("threads:2", "print", 1);
    }

    @Override
    void checkOwnFaults(String[] lines, String out) throws InterruptedException {
        assertTrue(lines[3].contains("os._exit(3)"), lines[3]);
        assertEquals("('5-print', 'done', 'printed')", lines[5]);
        // What a task prints is shown on the hub's stderr, prefixed with its spoke, as a spoke process's is.
        assertFalse(out.contains("printed by a task"), out);
        String printed = ".*\\(spoke \\d+@[^)]+\\) printed by a task on its spoke\n.*";
        String err = hub.stderrOnceItMatches(printed, 10);
        assertTrue(err.matches("(?s)" + printed), err);
    }

    @Test
    @Order(0)
    void theSpokesAreThreadsOfTheHub() throws Exception {
        hub.awaitIdleSpokes(2);
        // A spoke thread reports its kernel thread id as its pid: a task of the hub's process.
        for (long pid : hub.spokePids("idle")) {
            assertTrue(Files.exists(Path.of("/proc/" + hub.pid() + "/task/" + pid)),
                    "spoke " + pid + " is not a thread of the hub " + hub.pid());
        }
        assertEquals(List.of(), ProcessLeakCheck.running("launcher.Main spoke"), "a spoke process was started");
    }

    @Test
    @Order(20)
    void aSlotWhoseSpokeKeepsCrashingIsGivenUp() {
        // Its own session: the slot is gone after this. Six crashes: five relaunches, then none.
        var r = SpmPython.with("--spokes", "threads:1", "-c",
                "import faults; faults.interp(['exit'] * 6, most=1); print(spm.sys.tracker)").in(dir).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(6, r.stdout().split("'SPMTaskDropped'", -1).length - 1, r.toString());
        assertTrue(r.stderr().contains("spoke slot 0 crashed 5 times within 60 s; not relaunching it"), r.toString());
        assertTrue(r.stdout().endsWith("<spm tracker: 0 spokes on 0 servers>\n"), r.toString());
    }

    @Test
    @Order(20)
    void aHubKilledMidCoprocessLeavesNothingRunning() throws Exception {
        // Its own session. The co-process's guard was started by the spoke's thread: when the
        // JVM dies with kill -9, the kernel tells the guard, which ends the command's group.
        try (HubSession other = HubSession.start("--spokes", "threads:1")) {
            other.run("import sys; sys.path.insert(0, " + HubSession.quoted(dir.toString()) + "); import faults");
            other.awaitIdleSpokes(1);
            other.send("faults.shell([('sleep 331', 300)], task_timeout=300)\n");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (ProcessLeakCheck.running("sleep 331").isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the co-process never started:\n" + other.stderr());
                Thread.sleep(100);
            }
            new ProcessBuilder("kill", "-9", Long.toString(other.pid())).start().waitFor();
            assertTrue(other.process().waitFor(10, TimeUnit.SECONDS));
            assertEquals(List.of(), ProcessLeakCheck.awaitGone("sleep 331", 5_000), "the co-process outlived its hub");
        }
    }

    @Test
    @Order(30)
    void aTaskStuckInABlockingCallEndsItsSpokeAndTheSessionStillEnds() throws Exception {
        hub.awaitIdleSpokes(2);
        checkBlockingTaskReports(run("faults.interp(['block', 'ok', 'ok'], timeout=2, most=1)"));
        hub.awaitIdleSpokes(2);
        // The stuck thread is left behind in its read; it must not keep the hub from exiting
        // (the last check of this class: it ends the shared hub).
        hub.send("exit()\n");
        assertTrue(hub.process().waitFor(20, TimeUnit.SECONDS), "the hub did not exit:\n" + hub.stderr());
        assertEquals(0, hub.process().exitValue(), hub.stderr());
    }
}
