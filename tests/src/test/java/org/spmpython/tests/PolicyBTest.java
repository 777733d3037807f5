package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * policyB on spoke processes (DESIGN §4, docs/POLICIES.md), as a user sees it: a task whose
 * spoke is killed ({@code kill -9}) mid-task goes again on another spoke up to {@code
 * spm.meta.retries} times, and its one report's {@code spm.stat.tries} says how many tries it
 * had; a task that raised or passed its timeout is never retried; policyA stays at most once.
 * One hub for the class ({@code --spokes local:2}); the tasks are those of
 * tests/src/test/resources/policyb/retry.py.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ProcessLeakCheck.AfterAllTests.class)
class PolicyBTest {
    private HubSession hub;
    private Path dir;

    @BeforeAll
    void startHub() {
        dir = Paths.copyScripts(Paths.newScratchDir("policyb"), "policyb/retry.py");
        hub = HubSession.start("--spokes", "local:2");
        hub.run("import sys; sys.path.insert(0, " + HubSession.quoted(dir.toString()) + "); import retry");
    }

    @AfterAll
    void stopHub() throws InterruptedException {
        hub.close();
    }

    private String run(String python) {
        return hub.run(python, Duration.ofSeconds(240));
    }

    /** A fresh folder for the markers of one run's tasks (a first try leaves one). */
    private String scratch(String name) {
        return HubSession.quoted(Paths.newScratchDir(name).toString());
    }

    /** One spoke is killed: the task goes again on the other at once (no relaunch waited for). */
    @Test
    @Order(1)
    void aTaskWhoseSpokeIsKilledGoesAgainAndTheOthersAreNeverRetried() {
        String out = run("retry.run_list('listB', [('killonce', None), ('raise', None), ('hang', 3), ('ok', None)], "
                + scratch("listB") + ", timeout=2)");
        String[] lines = FaultReports.lines(out);
        assertEquals(4, lines.length, out);
        assertEquals("('0-killonce', 'done', 21, 2)", lines[0], out);
        assertEquals("('1-raise', 'SPMTaskEval', 'ValueError: raised on purpose', 1)", lines[1]);
        assertTrue(lines[2].startsWith("('2-hang', 'SPMTaskDropped', ") && lines[2].contains("timeout of 2")
                && lines[2].endsWith(", 1)"), lines[2]);
        assertEquals("('3-ok', 'done', 'ok', 1)", lines[3]);
        assertEquals("True True", hub.run("print(spm.sys.sstat.amOffline(), spm.sys.pstat.amHub())"));
    }

    /** A DAG's upstream task goes again; its dependent gets the result of the try that finished. */
    @Test
    @Order(2)
    void aDagTaskGoesAgainAndItsDependentGetsTheResult() {
        String dag = run("retry.run_dag(" + scratch("dagB") + ")");
        String[] reports = FaultReports.lines(dag);
        assertEquals(2, reports.length, dag);
        assertEquals("('0-up', 'done', 21, 2)", reports[0], dag);
        assertEquals("('1-down', 'done', 42, 1)", reports[1], dag);
    }

    /** One copy per spoke: the killed one waits for the spoke the cloud relaunches (it ran no copy). */
    @Test
    @Order(3)
    void aTemplateCopyGoesAgainOnTheRelaunchedSpoke() {
        String copies = run("retry.run_template('killonce', " + scratch("templateB") + ")");
        String[] lines = FaultReports.lines(copies);
        assertEquals(2, lines.length, copies);
        assertEquals("('copy', 'done', 21, 1)", lines[0], copies); // it found the marker the other left
        assertEquals("('copy', 'done', 21, 2)", lines[1], copies);
    }

    /** Out of tries (retries = 1: two spokes killed), and policyA beside it: at most once. */
    @Test
    @Order(5)
    void aTaskOutOfTriesIsDroppedSayingSoAndPolicyAStaysAtMostOnce() throws Exception {
        String out = run("retry.run_list('listB', [('kill', 1)], " + scratch("outOfTries") + ")");
        String[] lines = FaultReports.lines(out);
        assertEquals(1, lines.length, out);
        assertTrue(lines[0].startsWith("('0-kill', 'SPMTaskDropped', ") && lines[0].contains(" was lost: ")
                && lines[0].endsWith("it was tried 2 times (spm.meta.retries = 1)', 2)"), lines[0]);
        String a = run("retry.run_list('listA', [('kill', 5), ('ok', None)], " + scratch("listA") + ")");
        String[] reports = FaultReports.lines(a);
        assertEquals(2, reports.length, a);
        assertTrue(reports[0].startsWith("('0-kill', 'SPMTaskDropped', ") && reports[0].contains(" was lost: ")
                && !reports[0].contains("tried") && reports[0].endsWith(", 1)"), reports[0]);
        assertEquals("('1-ok', 'done', 'ok', 1)", reports[1]);
        hub.awaitIdleSpokes(2); // the cloud relaunched every spoke killed: the session goes on
    }

    @Test
    @Order(4)
    void badRetriesAreRefusedNamingTheTaskAndTheField() {
        String out = run("try:\n    retry.run_list('listB', [('ok', None), ('ok', 'three')], " + scratch("bad") + ")\n"
                + "except ValueError as e:\n    print('ValueError:', e)\n\n");
        assertTrue(out.contains("ValueError: ") && out.contains("task 1: spm.meta.retries takes a whole number")
                && out.contains("not 'three'"), out);
        assertTrue(!out.contains("Tasks - Eval"), "a bad value is refused before the run: " + out);
        String typed = run("print(retry.init_with('listB', retry.typedefs.task('list', retry.SPM.replace("
                + "'retries::scalar<auto>', 'retries::scalar<bool>'), *retry.FIELDS)))");
        assertTrue(typed.startsWith("TypeError: ") && typed.contains("spm.meta.retries is scalar<bool>"), typed);
    }
}
