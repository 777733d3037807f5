package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The fault matrix ({@link FaultMatrix}) on spoke processes ({@code --spokes local:2}), and what
 * only a spoke process has: a task's {@code kill -9} of its own process, the co-process guard
 * after its spoke was killed with SIGKILL, and a task blocking in a system call, which ends its
 * spoke process.
 */
class TaskManagerTest extends FaultMatrix {
    TaskManagerTest() {
        super("local:2", "kill", 0);
    }

    @Override
    void checkOwnFaults(String[] lines, String out) {
        assertTrue(lines[5].startsWith("('5-kill', 'SPMTaskDropped', ") && lines[5].contains("lost"), lines[5]);
    }

    @Override
    String endingFault() {
        return "kill";
    }

    @Test
    @Order(20)
    void aSpokeKilledMidCoprocessTakesTheCoprocessGroupWithIt() throws Exception {
        hub.awaitIdleSpokes(2);
        // The command finds its spoke among its ancestors (by a pattern its own text does not
        // match), kills it with SIGKILL, then lingers: only the guard, told by the kernel that its
        // spoke died, can end it.
        String killOwnSpoke = "p=$PPID; while [ $p -gt 1 ] && ! tr \"\\\\0\" \" \" < /proc/$p/cmdline"
                + " | grep -q \"launcher[.]Main spoke\"; do p=$(cut -d\" \" -f4 /proc/$p/stat); done; [ $p -gt 1 ] && kill -9 $p";
        String out = run("faults.shell([('" + killOwnSpoke + "; exec sleep 317', 60)])");
        assertTrue(out.contains("'SPMTaskDropped', ") && out.contains("lost"), out);
        assertEquals(List.of(), ProcessLeakCheck.awaitGone("sleep 317", 5_000), "the co-process outlived its killed spoke");
    }

    @Test
    @Order(21)
    void aTaskThatCannotBeInterruptedEndsItsSpokeAndNothingElse() throws Exception {
        hub.awaitIdleSpokes(2);
        // A blocking read is out of an interrupt's reach: the spoke says why and exits.
        checkBlockingTaskReports(runWithin("faults.interp(['block', 'ok', 'ok'], timeout=2, most=1)", 2 + 2 + 30));
    }

    /**
     * Pipelining and batching at volume (issue 16): 10,000 trivial tasks through one run on the
     * 2 spoke processes (100,000 in bench/tasks.py: here it would take minutes of the suite), each reported exactly once, done (on spoke processes only: the slowest
     * placement, and the one the throughput target is for).
     */
    @Test
    @Order(22)
    void tenThousandTasksAreEachReportedOnce() throws Exception {
        hub.awaitIdleSpokes(2);
        String out = hub.run("import many; many.many(10000)", java.time.Duration.ofSeconds(600));
        assertTrue(out.endsWith("reports 10000 distinct 10000 exact True statuses ['done']"), out);
    }
}
