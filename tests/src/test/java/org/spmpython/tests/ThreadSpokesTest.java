package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spokes on threads of the hub's JVM ({@code --spokes threads:2}), on one shared hub: they run
 * tasks like spoke processes, and a task's fault ends at most its own spoke (never the hub): a
 * task that raises, hangs, calls {@code os._exit} or blocks in a system call gets its report,
 * the spoke is replaced, the next run is clean, and the session still ends promptly; a hub
 * killed mid-task leaves no co-process behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ProcessLeakCheck.AfterAllTests.class)
class ThreadSpokesTest {
    private HubSession hub;
    private Path dir;

    @BeforeAll
    void startHub() throws Exception {
        dir = Paths.newScratchDir("threads");
        Files.copy(Paths.root().resolve("tests/src/test/resources/taskmanager/faults.py"), dir.resolve("faults.py"));
        hub = HubSession.start("--spokes", "threads:2");
        hub.run("import sys; sys.path.insert(0, " + HubSession.quoted(dir.toString()) + "); import faults");
    }

    @AfterAll
    void stopHub() throws InterruptedException {
        hub.close();
    }

    private String run(String python) {
        return hub.run(python, Duration.ofSeconds(240));
    }

    @Test
    @Order(1)
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
    @Order(2)
    void everyFaultGetsItsReportAndOnlyItsSpokeEnds() throws Exception {
        String out = run("faults.interp(['ok', 'raise', 'hang', 'exit', 'load', 'print', 'ok'], timeout=3)");
        assertTrue(out.contains("#: MetaStatus (hub): Tasks - EvalDone\n"), out);
        String host = hub.run("print(spm.sys.tracker.serverName)");
        String[] lines = FaultReports.lines(out);
        assertEquals(7, lines.length, out);
        assertEquals("('0-ok', 'done', 'ran on " + host + "')", lines[0]);
        assertEquals("('1-raise', 'SPMTaskEval', 'ValueError: task raised on purpose')", lines[1]);
        assertTrue(lines[2].startsWith("('2-hang', 'SPMTaskDropped', ") && lines[2].contains("timeout of 3"), lines[2]);
        assertTrue(lines[3].startsWith("('3-exit', 'SPMTaskDropped', ") && lines[3].contains("lost")
                && lines[3].contains("os._exit(3)"), lines[3]);
        assertTrue(lines[4].startsWith("('4-load', 'SPMTaskLoad', ") && lines[4].contains("no_such_module_here"), lines[4]);
        assertEquals("('5-print', 'done', 'printed')", lines[5]);
        assertEquals("('6-ok', 'done', 'ran on " + host + "')", lines[6]);
        // What a task prints goes to its spoke's log, as a spoke process's output does.
        assertFalse(out.contains("printed by a task") || hub.stderr().contains("printed by a task"), out);
        // The spoke whose task called os._exit was replaced; the hub lives on.
        hub.awaitIdleSpokes(2);
        assertEquals("True True", hub.run("print(spm.sys.sstat.amOffline(), spm.sys.pstat.amHub())"));
    }

    @Test
    @Order(3)
    void aCommandPastItsTimeoutHasItsGroupEnded() {
        String out = run("faults.shell([('sleep 121 & sleep 121', 1), ('echo out', 10)])");
        String[] lines = FaultReports.lines(out);
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].startsWith("('0-sleep 121 & sleep 121', 'SPMTaskEval', ")
                && lines[0].contains("passed its timeout of 1"), lines[0]);
        assertTrue(lines[1].startsWith("('1-echo out', 'done', "), lines[1]);
        assertEquals(List.of(), ProcessLeakCheck.running("sleep 121"), "a co-process outlived its timeout");
    }

    @Test
    @Order(4)
    void aCallbackThatRaisesEndsTheRunAndTheNextRunIsClean() throws Exception {
        String out = run("try:\n    faults.interp(['ok', 'ok', 'ok'], callback=faults._raising_stat)\n"
                + "except RuntimeError as e:\n    print('propagated:', e)\n\n");
        assertTrue(out.contains("propagated: the callback failed on purpose"), out);
        hub.awaitIdleSpokes(2);
        // relaunchPost: every task on a fresh spoke thread.
        String again = run("faults.interp(['who', 'who', 'who'], post=True, on=faults.pool.intraOnePerServer())");
        java.util.Set<String> spokes = new java.util.HashSet<>(FaultReports.spokesOfWho(again));
        assertEquals(3, spokes.size(), "each task should run on its own fresh spoke:\n" + again);
    }

    @Test
    @Order(5)
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
    @Order(5)
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
    @Order(6)
    void aTaskStuckInABlockingCallEndsItsSpokeAndTheSessionStillEnds() throws Exception {
        hub.awaitIdleSpokes(2);
        String out = run("faults.interp(['block', 'ok', 'ok'], timeout=2, most=1)");
        String[] lines = FaultReports.lines(out);
        assertTrue(lines[0].startsWith("('0-block', 'SPMTaskDropped', ")
                && lines[0].contains("passed its timeout of 2.0 s and could not be stopped"), out);
        assertTrue(lines[1].startsWith("('1-ok', 'done', ") && lines[2].startsWith("('2-ok', 'done', "), out);
        hub.awaitIdleSpokes(2);
        // The stuck thread is left behind in its read; it must not keep the hub from exiting.
        hub.send("exit()\n");
        assertTrue(hub.process().waitFor(20, TimeUnit.SECONDS), "the hub did not exit:\n" + hub.stderr());
        assertEquals(0, hub.process().exitValue(), hub.stderr());
    }
}
