package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Task managers under faults, the same checks for every placement of the spokes, each placement
 * on one shared hub with 2 spokes (started once for all its tests): every task gets exactly one
 * report saying what happened, the run concludes, spokes that died are relaunched, nothing is left
 * running, and the next run in the same session is clean. A subclass per placement
 * ({@link TaskManagerTest}: spoke processes; {@link ThreadSpokesTest}: spoke threads of the hub's
 * JVM) names it and adds the checks only that placement has (ordered 0 to go first, 20 and on
 * to go after these).
 * The tasks are those of tests/src/test/resources/taskmanager/faults.py.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ProcessLeakCheck.AfterAllTests.class)
abstract class FaultMatrix {
    private final String spokes;
    private final String ownFault;
    private final int mark;
    protected HubSession hub;
    /** The scratch folder that holds faults.py: sys.path of the shared hub, and of sessions of their own. */
    protected Path dir;

    /**
     * @param spokes {@code --spokes}' value, with 2 spokes
     * @param ownFault the faults.py mode only this placement runs, as task 5 of the first run
     *        (checked by {@link #checkOwnFaults})
     * @param mark added to the seconds of the co-processes' sleeps, so that a leftover names its
     *        placement
     */
    FaultMatrix(String spokes, String ownFault, int mark) {
        this.spokes = spokes;
        this.ownFault = ownFault;
        this.mark = mark;
    }

    /** The placement's own checks of the first run's reports ({@code lines}, one per task). */
    abstract void checkOwnFaults(String[] lines, String out) throws InterruptedException;

    @BeforeAll
    void startHub() {
        dir = Paths.copyScripts(Paths.newScratchDir("faults-" + spokes.replace(':', '-')), "taskmanager/faults.py",
                "taskmanager/many.py");
        // Pipelined as by default (issue 16, docs/PIPELINING.md), with deep queues: the window
        // aims at 2 s of queued work, not 50 ms (a task or two on the loaded machine), so every
        // fault test's exact reports must hold with several tasks queued on the spokes.
        hub = HubSession.startWith(java.util.Map.of("SPM_JAVA_OPTS", "-Dspm.run.queuedMillis=2000"), "--spokes", spokes);
        hub.run("import sys; sys.path.insert(0, " + HubSession.quoted(dir.toString()) + "); import faults");
    }


    @AfterAll
    void stopHub() throws InterruptedException {
        hub.close();
    }

    /** Runs a statement whose run must conclude within {@code seconds} (a 2 s task timeout + 2 s + margin). */
    String runWithin(String python, double seconds) {
        long start = System.nanoTime();
        String out = run(python);
        double took = (System.nanoTime() - start) / 1e9;
        assertTrue(took < seconds, "the run took " + took + " s, more than " + seconds + ":\n" + out);
        return out;
    }

    String run(String python) {
        return hub.run(python, Duration.ofSeconds(240));
    }

    /**
     * What both placements check of a task blocking in a system call, out of an interrupt's reach:
     * it is reported as not stoppable, and the tasks after it run on another spoke (the run has
     * {@code most=1}), not on the one that is going.
     */
    static void checkBlockingTaskReports(String out) {
        String[] lines = FaultReports.lines(out);
        assertTrue(lines[0].startsWith("('0-block', 'SPMTaskDropped', ")
                && lines[0].contains("passed its timeout of 2.0 s and could not be stopped"), out);
        assertTrue(lines[1].startsWith("('1-ok', 'done', ") && lines[2].startsWith("('2-ok', 'done', "), out);
    }

    @Test
    @Order(1)
    void everyFaultGetsItsReportAndTheRunConcludes() throws Exception {
        String out = run("faults.interp(['ok', 'raise', 'hang', 'exit', 'load', '" + ownFault + "', 'ok'], timeout=3)");
        assertTrue(out.startsWith("#: MetaStatus (hub): Waiting - ForSpokes [ for up to 60 secs ]\n"
                + "#: MetaStatus (hub): Tasks - Eval\n"), out);
        assertTrue(out.contains("#: MetaStatus (hub): Tasks - EvalDone\n"), out);
        String host = hub.run("print(spm.sys.tracker.serverName)");
        String[] lines = FaultReports.lines(out);
        assertEquals(7, lines.length, out);
        assertEquals("('0-ok', 'done', 'ran on " + host + "')", lines[0]);
        assertEquals("('1-raise', 'SPMTaskEval', 'ValueError: task raised on purpose')", lines[1]);
        assertTrue(lines[2].startsWith("('2-hang', 'SPMTaskDropped', ") && lines[2].contains("timeout of 3"), lines[2]);
        assertTrue(lines[3].startsWith("('3-exit', 'SPMTaskDropped', ") && lines[3].contains("lost"), lines[3]);
        assertTrue(lines[4].startsWith("('4-load', 'SPMTaskLoad', ") && lines[4].contains("no_such_module_here"), lines[4]);
        assertTrue(lines[5].startsWith("('5-" + ownFault + "', "), lines[5]);
        assertEquals("('6-ok', 'done', 'ran on " + host + "')", lines[6]);
        checkOwnFaults(lines, out);
        // The spokes that died were relaunched by the cloud; the hub lives on.
        hub.awaitIdleSpokes(2);
        assertEquals("True True", hub.run("print(spm.sys.sstat.amOffline(), spm.sys.pstat.amHub())"));
    }

    @Test
    @Order(2)
    void aHungTaskIsStoppedWithinItsTimeoutPlusTwoSeconds() {
        String out = runWithin("faults.interp(['hang'], timeout=2)", 2 + 2 + 3);
        assertTrue(out.contains("('0-hang', 'SPMTaskDropped', "), out);
    }

    @Test
    @Order(3)
    void commandsThatFailOrOverstayAreReportedWithTheirGroupEnded() throws Exception {
        String sleeps = "sleep " + (120 + mark) + " & sleep " + (120 + mark);
        String out = run("faults.shell([('echo out; echo err >&2; exit 1', 10), ('" + sleeps + "', 1), ('hostname', 10)])");
        String[] lines = FaultReports.lines(out);
        assertEquals(3, lines.length, out);
        assertTrue(lines[0].startsWith("('0-echo out; echo err >&2; exit 1', 'SPMTaskEval', ")
                && lines[0].contains("exited with status 1 | stdOut='out\\\\n' exitStatus=1"), lines[0]);
        assertTrue(lines[1].startsWith("('1-" + sleeps + "', 'SPMTaskEval', ")
                && lines[1].contains("passed its timeout of 1"), lines[1]);
        assertTrue(lines[2].startsWith("('2-hostname', 'done', ") && lines[2].contains("stdOut"), lines[2]);
        // Both sleeps of the overstaying command's group were ended.
        assertEquals(List.of(), ProcessLeakCheck.running("sleep " + (120 + mark)), "a co-process outlived its timeout");
    }

    @Test
    @Order(4)
    void aCallbackThatRaisesEndsTheRunAndTheNextRunIsClean() throws Exception {
        String out = run("try:\n    faults.interp(['ok', 'ok', 'ok'], callback=faults._raising_stat)\n"
                + "except RuntimeError as e:\n    print('propagated:', e)\n\n");
        assertTrue(out.contains("propagated: the callback failed on purpose"), out);
        hub.awaitIdleSpokes(2);
        String again = run("faults.interp(['ok', 'ok'])");
        assertTrue(again.contains("('0-ok', 'done'") && again.contains("('1-ok', 'done'"), again);
        assertEquals("True True", hub.run("print(spm.sys.sstat.amOffline(), spm.sys.pstat.amHub())"));
    }

    @Test
    @Order(5)
    void relaunchPostGivesEveryTaskAFreshSpoke() throws Exception {
        hub.awaitIdleSpokes(2);
        String out = run("faults.interp(['who', 'who', 'who'], post=True, on=faults.pool.intraOnePerServer())");
        Set<String> spokes = new HashSet<>(FaultReports.spokesOfWho(out));
        assertEquals(3, spokes.size(), "each task should run on its own fresh spoke:\n" + out);
        hub.awaitIdleSpokes(2);
    }

    @Test
    @Order(6)
    void aTaskStoppedMidCoprocessTakesTheCoprocessGroupWithIt() {
        String sleep = "sleep " + (300 + mark);
        String out = runWithin("faults.shell([('" + sleep + "', 300)], task_timeout=2)", 2 + 2 + 3);
        assertTrue(out.contains("('0-" + sleep + "', 'SPMTaskDropped', "), out);
        assertEquals(List.of(), ProcessLeakCheck.running(sleep), "the co-process outlived its task");
    }

    @Test
    @Order(7)
    void templateRunsOneCopyOnEverySpokeOfThePool() throws Exception {
        hub.awaitIdleSpokes(2);
        String out = run("faults.template('who')");
        String[] lines = FaultReports.lines(out);
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].startsWith("('copy', 'done', 'spoke-") && lines[1].startsWith("('copy', 'done', 'spoke-"), out);
        assertTrue(!lines[0].equals(lines[1]), "both copies ran on one spoke: " + out);
    }

    @Test
    @Order(8)
    void relaunchPreRunsEveryTaskOnASpokeThatRanNothingBefore() throws Exception {
        hub.awaitIdleSpokes(2);
        // Every spoke there now has run tasks of earlier tests: none of them may run these.
        String used = hub.run("print(' '.join(str(s.id) for s in spm.sys.tracker.spokes() if s.tasksRun > 0))");
        String out = run("faults.interp(['who', 'who'], pre=True, on=faults.pool.intraOnePerServer())");
        List<String> spokes = FaultReports.spokesOfWho(out);
        assertEquals(2, new HashSet<>(spokes).size(), out);
        for (String spoke : spokes) {
            assertTrue(!List.of(used.split(" ")).contains(spoke.substring("spoke-".length())),
                    "ran on a used spoke (" + used + "):\n" + out);
        }
        hub.awaitIdleSpokes(2);
    }

    @Test
    @Order(9)
    void nSpokesMinNotReachedReportsEveryTaskThenRaises() {
        String out = run("try:\n    faults.interp(['ok', 'ok'], least=3, wait=2)\n"
                + "except spm.exceptions.SPMNoSpokes as e:\n    print('raised:', e)\n    print(len(faults.reports), "
                + "sorted(set(r[1] for r in faults.reports)))\n\n");
        assertTrue(out.contains("needed 3, had 2"), out);
        assertTrue(out.endsWith("2 ['SPMTaskDropped']"), out);
    }

    @Test
    @Order(9)
    void nSpokesMaxLimitsTheSpokesARunUses() {
        String out = run("faults.interp(['who'] * 4, most=1)");
        Set<String> spokes = new HashSet<>(FaultReports.spokesOfWho(out));
        assertEquals(1, spokes.size(), out);
    }

    @Test
    @Order(10)
    void timeoutExecutionReportsEveryTaskThenRaises() {
        String out = run("try:\n    faults.interp(['hang', 'hang', 'ok', 'ok', 'ok'], timeout=60, run_timeout=3)\n"
                + "except spm.exceptions.SPMRunTimeout as e:\n    print('raised:', e)\n    print(len(faults.reports), "
                + "sorted(set(r[1] for r in faults.reports)))\n\n");
        assertTrue(out.contains("raised: ") && out.contains("timeoutExecution of 3"), out);
        // Every task was reported before the exception: the two hung ones dropped, and the three
        // others dropped too if they never started (the run ended first), or done.
        assertTrue(out.endsWith("5 ['SPMTaskDropped']") || out.endsWith("5 ['SPMTaskDropped', 'done']"), out);
    }

    /**
     * Pipelining (issue 16): on one spoke (nSpokesMax 1) quick tasks queue behind each other; the
     * spoke dies in one of them: that one is reported lost, and those queued behind it (they never
     * started) run on the spoke the cloud brings instead, each reported once, done.
     */
    @Test
    @Order(12)
    void aSpokeThatDiesWithTasksQueuedReportsItsTaskAndTheQueuedOnesRunOnAnother() throws Exception {
        hub.awaitIdleSpokes(2);
        String out = run("faults.interp(['ok'] * 6 + ['exit'] + ['ok'] * 12, most=1)");
        String[] lines = FaultReports.lines(out);
        assertEquals(19, lines.length, out);
        int lost = 0;
        for (String line : lines) {
            if (line.contains("-exit', ")) {
                assertTrue(line.contains("'SPMTaskDropped', ") && line.contains("lost"), line);
                lost++;
            } else {
                assertTrue(line.contains("-ok', 'done', 'ran on "), line);
            }
        }
        assertEquals(1, lost, out);
        hub.awaitIdleSpokes(2);
    }

    /**
     * The at-most-once window of pipelining (issue 16): a queued task ends its spoke in its first
     * line, just after a task with a large report (6 MiB, made slow to write on a spoke process). The earlier task is
     * reported done (its report reached the hub before the next task started), the one that
     * ended its spoke is reported lost once and ran once (policyA), and the others run on.
     */
    @Test
    @Order(14)
    void aQueuedTaskThatEndsItsSpokeAtItsStartRunsOnceAndTheReportBeforeItCounts() throws Exception {
        hub.awaitIdleSpokes(2);
        String fault = "counted-" + endingFault();
        // Quick tasks first, for the window to queue the next task behind the heavy one.
        String heavy = spokes.startsWith("local:") ? "heavy-narrow" : "heavy";
        String out = run("faults.interp(['ok'] * 20 + ['" + heavy + "', '" + fault + "'] + ['ok'] * 2, most=1); "
                + "print('runs', faults.runs('21-" + fault + "'))");
        List<String> lines = List.of(FaultReports.lines(out));
        assertEquals(25, lines.size(), out);
        assertTrue(lines.contains("('20-" + heavy + "', 'done', '6291456 chars')"), out);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("('21-" + fault + "', 'SPMTaskDropped', ")
                && l.contains("lost")).count(), out);
        assertEquals(22, lines.stream().filter(l -> l.matches("\\('\\d+-ok', 'done', .*")).count(), out);
        assertEquals("runs 1", lines.get(24), "the task that ended its spoke ran other than once:\n" + out);
        hub.awaitIdleSpokes(2);
    }

    /** How a task of this placement ends its spoke at once ({@code faults.py}'s mode). */
    String endingFault() {
        return "exit";
    }

    /** A task queued behind others passes its timeout: it alone is stopped; its timeout counted from its own start. */
    @Test
    @Order(13)
    void aQueuedTaskThatPassesItsTimeoutIsStoppedAloneAndTheOthersRun() {
        String out = runWithin("faults.interp(['ok'] * 4 + ['hang'] + ['ok'] * 8, timeout=2, most=1)", 2 + 2 + 20);
        String[] lines = FaultReports.lines(out);
        assertEquals(13, lines.length, out);
        for (String line : lines) {
            assertTrue(line.contains("-hang', ") ? line.contains("'SPMTaskDropped', ") && line.contains("timeout of 2")
                    : line.contains("-ok', 'done', "), line);
        }
    }

    @Test
    @Order(11)
    void closuresRefuseBadDeclarations() {
        String out = run("exec(" + HubSession.quoted(String.join("\n",
                "for attempt in (",
                "        lambda: faults._pcs[0].stage0.init.main(typedef = faults.INTERP_TYPEDEF.replace('task<list>', 'task<template>')),",
                "        lambda: faults._pcs[0].stage0.init.main(typedef = 'task<list>::struct { spm::struct { meta::struct { }; }; };'),",
                "        lambda: exec(\"spm.pclosure.macro.pinterp.list.grainCoarse.policyA.defun(signature = 'faults:interp')\", vars(faults)),",
                "        lambda: faults._pcs[0].stage0.event.manage(pool = 'everywhere')):",
                "    try:",
                "        attempt()",
                "    except Exception as e:",
                "        print(type(e).__name__, '|', ' / '.join(str(e).splitlines()))")) + ")");
        String[] lines = out.split("\n");
        assertEquals(4, lines.length, out);
        assertTrue(lines[0].startsWith("SPMTypedefRequirementError") && lines[0].contains("(1 problem)")
                && lines[0].contains("template"), out);
        assertTrue(lines[1].startsWith("SPMTypedefRequirementError") && lines[1].contains("(6 problems)")
                && lines[1].contains("spm.meta.path") && lines[1].contains("spm.stat"), out);
        assertTrue(lines[2].startsWith("SPMException | signature 'faults:interp' is declared twice in module faults"), out);
        assertTrue(lines[3].startsWith("TypeError | manage(pool = ...) takes a pool"), out);
    }
}
