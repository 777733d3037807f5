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
 * Fine grain (general), DESIGN §4c, as a user drives it: ranks that talk to each other, fail as
 * one unit, and whose deadlock the hub ends; the same checks for every placement, each on one
 * shared hub with 2 spokes ({@link FineGeneralProcessesTest}, {@link FineGeneralThreadsTest}),
 * and an aggregate over 4 spokes on a hub of its own. The tasks are those of
 * tests/src/test/resources/fine/general.py.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ProcessLeakCheck.AfterAllTests.class)
abstract class FineGeneralMatrix {
    private final String placement;
    private final String death;
    private HubSession hub;
    private Path dir;

    /**
     * @param placement {@code --spokes}' value without the count ("local", "threads")
     * @param death how rank 1 kills its own spoke: "kill" (kill -9 of its process) or "exit"
     */
    FineGeneralMatrix(String placement, String death) {
        this.placement = placement;
        this.death = death;
    }

    @BeforeAll
    void startHub() {
        dir = Paths.copyScripts(Paths.newScratchDir("general-" + placement), "fine/general.py");
        hub = HubSession.start("--spokes", placement + ":2");
        hub.run(importScript());
    }

    private String importScript() {
        return "import sys; sys.path.insert(0, " + HubSession.quoted(dir.toString()) + "); import general";
    }

    @AfterAll
    void stopHub() throws InterruptedException {
        hub.close();
    }

    private List<String> run(String mode) throws InterruptedException {
        hub.awaitIdleSpokes(2);
        String out = hub.run("general.run('" + mode + "')", Duration.ofSeconds(240));
        assertTrue(out.contains("#: MetaStatus (hub): Tasks - EvalDone\n"), out);
        return List.of(out.substring(out.lastIndexOf("EvalDone\n") + "EvalDone\n".length()).split("\n"));
    }

    @Test
    @Order(1)
    void aggregateGivesEveryRankEveryValueInRankOrder() throws Exception {
        assertEquals(List.of("(0, 'done', (2, [0, 10]))", "(1, 'done', (2, [0, 10]))", "took under 20 s"),
                run("aggregate"));
    }

    @Test
    @Order(2)
    void ranksSendToEachOtherAndReceiveWithTheSendersRank() throws Exception {
        assertEquals(List.of("(0, 'done', (1, 'hello from 1'))", "(1, 'done', (0, 'hello from 0'))", "took under 20 s"),
                run("ring"));
    }

    /** Rank 1 failed its own way: it is reported so, rank 0 dropped naming rank 1, within seconds. */
    private void checkOneUnit(List<String> lines, String own, String failed) throws Exception {
        checkOneUnit(lines, own, 1, failed);
    }

    private void checkOneUnit(List<String> lines, String own, int rank, String failed) throws Exception {
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("('?', '" + own + "', ")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("('?', 'SPMTaskDropped', 'rank " + rank + " failed with " + failed)
                && l.endsWith("(the ranks of this run fail as one unit)')")), String.join("\n", lines));
        assertEquals("took under 20 s", lines.get(2));
        hub.awaitIdleSpokes(2); // both spokes were ended and relaunched
    }

    @Test
    @Order(3)
    void aRankThatRaisesEndsTheRunAsOneUnit() throws Exception {
        checkOneUnit(run("fail-raise"), "SPMTaskEval", "SPMTaskEval: ValueError: rank 1 raised on purpose");
    }

    @Test
    @Order(4)
    void aRankThatPassesItsTimeoutEndsTheRunAsOneUnit() throws Exception {
        hub.awaitIdleSpokes(2);
        String out = hub.run("general.run('fail-hang', timeout=3)", Duration.ofSeconds(240));
        List<String> lines = List.of(out.substring(out.lastIndexOf("EvalDone\n") + "EvalDone\n".length()).split("\n"));
        // Rank 0 waits in aggregate on the same 3 s timeout: whichever passes it first is the
        // one reported with its own exception, and names itself in the other's report.
        int first = lines.stream().anyMatch(l -> l.contains("'rank 0 failed with")) ? 0 : 1;
        checkOneUnit(lines, "SPMTaskDropped", first, "SPMTaskDropped: passed its timeout of 3");
    }

    @Test
    @Order(5)
    void aRankWhoseSpokeDiesEndsTheRunAsOneUnit() throws Exception {
        checkOneUnit(run("fail-" + death), "SPMTaskDropped", "SPMTaskDropped: its spoke ");
    }

    @Test
    @Order(6)
    void ranksThatAllWaitAreADeadlockEndedWithinSeconds() throws Exception {
        List<String> lines = run("deadlock");
        String why = "deadlock: every rank that runs waits and no message is on its way (rank 0 waited in recv, "
                + "rank 1 waited in aggregate)";
        assertEquals(List.of("('?', 'SPMTaskDropped', '" + why + "')", "('?', 'SPMTaskDropped', '" + why + "')",
                "took under 20 s"), lines);
    }

    @Test
    @Order(7)
    void aRecvWithATimeoutIsNoDeadlockAndOperationsNotEnabledAreRefused() throws Exception {
        List<String> lines = run("recv-timeout");
        assertEquals("(0, 'done', \"mc.recv ('general:mc'): rank 0 got no message within 1 s\")", lines.get(0));
        assertEquals("(1, 'done', \"mc.recv ('general:mc'): rank 1 got no message within 1 s\")", lines.get(1));
        List<String> post = run("post");
        assertTrue(post.contains("('?', 'SPMTaskEval', \"SPMInvariantViolation: mc.post ('general:mc'): the "
                + "running task's manager (grainFineGeneral) enables rank, size, send, recv, aggregate, not post\")"),
                String.join("\n", post));
    }

    @Test
    @Order(8)
    void theNextRunAfterFailuresIsClean() throws Exception {
        assertEquals(List.of("(0, 'done', (2, [0, 10]))", "(1, 'done', (2, [0, 10]))", "took under 20 s"),
                run("aggregate"));
    }

    @Test
    @Order(9)
    void aggregateOverFourSpokes() throws Exception {
        try (HubSession four = HubSession.start("--spokes", placement + ":4")) {
            four.run(importScript());
            four.awaitIdleSpokes(4);
            String out = four.run("general.run('aggregate')", Duration.ofSeconds(240));
            for (int rank = 0; rank < 4; rank++) {
                assertTrue(out.contains("(" + rank + ", 'done', (4, [0, 10, 20, 30]))"), out);
            }
        }
    }
}
