package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The DAG managers (DESIGN §4b) as a user drives them, the same checks for every placement of the
 * spokes, each placement on one shared hub with 2 spokes: {@link DagProcessesTest} (spoke
 * processes), {@link DagThreadsTest} (spoke threads). The tasks are those of
 * tests/src/test/resources/dag/dag.py, which prints each report as (label, outcome, detail).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ProcessLeakCheck.AfterAllTests.class)
abstract class DagMatrix {
    private final String spokes;
    private HubSession hub;
    private Path dir;

    /** @param spokes {@code --spokes}' value, with 2 spokes */
    DagMatrix(String spokes) {
        this.spokes = spokes;
    }

    @BeforeAll
    void startHub() {
        dir = Paths.copyScripts(Paths.newScratchDir("dag-" + spokes.replace(':', '-')), "dag/dag.py");
        hub = HubSession.start("--spokes", spokes);
        hub.run("import sys; sys.path.insert(0, " + HubSession.quoted(dir.toString()) + "); import dag");
    }

    @AfterAll
    void stopHub() throws InterruptedException {
        hub.close();
    }

    private String run(String python) {
        return hub.run(python, Duration.ofSeconds(300));
    }

    /** The report lines of the last run (after its EvalDone line). */
    private static List<String> reports(String out) {
        assertTrue(out.contains("#: MetaStatus (hub): Tasks - EvalDone\n"), out);
        return List.of(out.substring(out.lastIndexOf("EvalDone\n") + "EvalDone\n".length()).split("\n"));
    }

    @Test
    @Order(1)
    void referencesNestedInListsTuplesAndDictsArriveAsTheirResults() {
        List<String> lines = reports(run("dag.nested()"));
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertEquals("('n', 'done', \"{'list': [1, ('two', {'deep': [3]})], 'plain': 7, 'again': 1}\")", lines.get(3),
                "the task that took the references reports last, having seen every result in place");
    }

    @Test
    @Order(2)
    void aDiamondJoinsBothBranches() {
        List<String> lines = reports(run("dag.diamond()"));
        assertEquals("('top', 'done', 10)", lines.get(0));
        assertEquals(List.of("('left', 'done', 11)", "('right', 'done', 12)"), lines.subList(1, 3).stream().sorted().toList());
        assertEquals("('join', 'done', 23)", lines.get(3));
        assertEquals(4, lines.size());
    }

    @Test
    @Order(3)
    void afterOrdersCommandsThatShareNoValue() {
        // The first command sleeps a second before it writes: without `after` the others would run
        // at once on the second spoke and the file would not hold both lines in order.
        List<String> lines = reports(run("dag.shell_after(" + HubSession.quoted(dir.toString()) + ")"));
        assertEquals(List.of("('cmd0', 'done', '')", "('cmd1', 'done', '')", "('cmd2', 'done', 'one\\ntwo\\n')"), lines);
    }

    @Test
    @Order(4)
    void anUpstreamThatRaisesDropsItsDependentsTransitivelyWhileAnIndependentBranchFinishes() {
        checkFailure(run("dag.failure('raise')"), "SPMTaskEval",
                "its upstream task 'bad' (task 0) failed with SPMTaskEval: ValueError: task bad raised on purpose");
    }

    @Test
    @Order(5)
    void anUpstreamWhoseSpokeDiesDropsItsDependentsAndTheSpokeIsRelaunched() throws Exception {
        String out = run("dag.failure('exit')");
        checkFailure(out, "SPMTaskDropped", "its upstream task 'bad' (task 0) failed with SPMTaskDropped: its spoke ");
        hub.awaitIdleSpokes(2);
        assertEquals("True", hub.run("print(spm.sys.sstat.amOffline())"));
    }

    /** Every task of dag.failure has exactly one report; the failed one's dependents name it. */
    private static void checkFailure(String out, String badOutcome, String why) {
        List<String> lines = reports(out);
        assertEquals(5, lines.size(), out);
        String bad = lines.stream().filter(l -> l.startsWith("('bad', ")).findFirst().orElseThrow();
        assertTrue(bad.startsWith("('bad', '" + badOutcome + "', "), out);
        for (String dependent : List.of("child", "grandchild")) {
            String line = lines.stream().filter(l -> l.startsWith("('" + dependent + "', ")).findFirst().orElseThrow();
            assertTrue(line.startsWith("('" + dependent + "', 'SPMTaskDropped', \"" + why), line);
        }
        assertTrue(lines.contains("('free', 'done', 5)") && lines.contains("('free-child', 'done', 10)"), out);
    }

    @Test
    @Order(6)
    void foreignReferencesAndMisplacedOnesAreRefusedAtPushNamingTheFieldPath() {
        String[] lines = run("dag.refused()").split("\n");
        assertEquals(9, lines.length, String.join("\n", lines));
        assertTrue(lines[0].startsWith("SPMFieldTypeError | Push: args['k'][1]: <task reference: task 0 of 'dag:other'")
                && lines[0].endsWith("(it is from another closure, 'dag:other' of dag)"), lines[0]);
        assertTrue(lines[1].startsWith("SPMFieldTypeError | Push: args[0]: ")
                && lines[1].endsWith("(it is from an earlier run of this closure: a reference holds only in the run it "
                        + "was pushed in)"), lines[1]);
        assertTrue(lines[2].startsWith("SPMFieldTypeError | Push: after[0]: ") && lines[2].contains("another closure"), lines[2]);
        assertEquals("TypeError | Push(after = ...) takes a tuple of task references (what Push returned), not 'nope'",
                lines[3]);
        assertEquals("list push returns TaskRef True True", lines[4]);
        assertTrue(lines[5].startsWith("SPMFieldTypeError | Push: args: holds a task reference; references are "
                + "dependencies only in a task<dag> closure"), lines[5]);
        assertEquals("TypeError | Push(after = ...) is for a task<dag> closure (macro.*.dag.*); this one is task<list>",
                lines[6]);
        assertEquals("pickles True", lines[7]);
        assertEquals("nothing pushed by a refused Push: 1 task", lines[8]);
    }

    @Test
    @Order(7)
    void aTwoThousandTaskDagReportsEveryTaskOnce() {
        String out = run("dag.wide(2000)");
        assertTrue(out.endsWith("reports 2000 distinct 2000 failed 0 last ('check', 'done', 0)"), out);
    }
}
