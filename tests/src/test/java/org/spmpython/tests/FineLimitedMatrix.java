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
 * Fine grain (limited), DESIGN §4c, as a user drives it: tasks that talk to the hub through a
 * communication closure while they run, and the misuses it refuses; the same checks for every
 * placement, each on one shared hub with 2 spokes: {@link FineLimitedProcessesTest},
 * {@link FineLimitedThreadsTest}. The tasks are those of tests/src/test/resources/fine/limited.py.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ProcessLeakCheck.AfterAllTests.class)
abstract class FineLimitedMatrix {
    private final String spokes;
    private HubSession hub;

    /** @param spokes {@code --spokes}' value, with 2 spokes */
    FineLimitedMatrix(String spokes) {
        this.spokes = spokes;
    }

    @BeforeAll
    void startHub() {
        Path dir = Paths.copyScripts(Paths.newScratchDir("fine-" + spokes.replace(':', '-')), "fine/limited.py");
        hub = HubSession.start("--spokes", spokes);
        hub.run("import sys; sys.path.insert(0, " + HubSession.quoted(dir.toString()) + "); import limited");
    }

    @AfterAll
    void stopHub() throws InterruptedException {
        hub.close();
    }

    private String run(String python) {
        return hub.run(python, Duration.ofSeconds(240));
    }

    private static List<String> reports(String out) {
        assertTrue(out.contains("#: MetaStatus (hub): Tasks - EvalDone\n"), out);
        return List.of(out.substring(out.lastIndexOf("EvalDone\n") + "EvalDone\n".length()).split("\n"));
    }

    @Test
    @Order(1)
    void tasksGetTheHubsRepliesMidTaskAndRepliesToPostsGoToStage2Cb() {
        List<String> lines = reports(run("limited.run(['talk', 'talk', 'posts'])"));
        assertEquals(List.of(
                "('0-talk', 'done', [(0, 0, '0-talk'), (1, 0, '0-talk'), (2, 0, '0-talk')])",
                "('1-talk', 'done', [(0, 1, '1-talk'), (1, 1, '1-talk'), (2, 1, '1-talk')])",
                // stage2Cb runs at the task's next call, never inside send: nothing seen at the
                // sync, both earlier posts' replies by the next post.
                "('2-posts', 'done', ([], ['ack progress a', 'ack progress b']))"), lines);
        for (String task : List.of("0-talk", "1-talk")) {
            String rank = task.substring(0, 1);
            assertEquals("[(" + rank + ", 0), (" + rank + ", 1), (" + rank + ", 2), (" + rank + ", 'progress 1'), ("
                    + rank + ", 'progress 2')]", run("print([(r, v) for l, r, v in limited.heard if l == '" + task + "'])"),
                    "the hub heard every message of " + task + ", in the order it sent them, with its rank");
        }
    }

    @Test
    @Order(2)
    void aReplyTooLateForItsTaskNeverReachesTheNextTaskOnThatSpoke() {
        // One spoke: the hub's handler sleeps 3 s on the first task's message, which waits 1 s;
        // the second task, on the same spoke, must get its own reply, not the late one.
        List<String> lines = reports(run("limited.run(['stale', 'fast'], most=1)"));
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("('0-stale', 'done', \"timed out: mc.send ('limited:mc'): no reply from the "
                + "hub within 1 s"), lines.get(0));
        assertEquals("('1-fast', 'done', ('fast', 1, '1-fast'))", lines.get(1));
    }

    @Test
    @Order(3)
    void aTemplateCopyTalksToTheHubFromEverySpoke() {
        List<String> lines = reports(run("limited.run(['who'], which=1, template=True)"));
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("\\('0-who', 'done', \\('spoke-\\d+@.*', 0, '0-who'\\)\\)"), lines.get(0));
        assertTrue(lines.get(1).matches("\\('0-who', 'done', \\('spoke-\\d+@.*', 1, '0-who'\\)\\)"), lines.get(1));
    }

    @Test
    @Order(4)
    void misusesAreRefusedNamingWhy() {
        List<String> limited = reports(run("limited.run(['big', 'recv'])"));
        assertEquals("('0-big', 'done', 'refused: the message is 9437265 bytes pickled; a communication closure "
                + "carries at most 8388608')", limited.get(0));
        assertEquals("('1-recv', 'SPMTaskEval', \"SPMInvariantViolation: mc.recv ('limited:mc'): the running task's "
                + "manager (grainFineLimited) enables send, post, not recv\")", limited.get(1));
        // In a coarse-grain run, even a task that catches the violation reports it.
        List<String> coarse = reports(run("limited.run(['caught'], which=2)"));
        assertEquals(List.of("('0-caught', 'SPMTaskEval', \"SPMInvariantViolation: mc.send ('limited:mc'): the running "
                + "task's manager (grainCoarse) enables no communication closure (use a grainFineLimited or "
                + "grainFineGeneral manager)\")"), coarse);
        String[] atHub = run("limited.at_hub()").split("\n");
        assertEquals("SPMInvariantViolation | mc.send ('limited:mc'): at the hub; tasks on spokes send, and the hub "
                + "answers in stage5Cb with mc.stage5.event.reply(...)", atHub[0]);
        assertTrue(atHub[1].startsWith("SPMInvariantViolation | mc.post ('limited:mc'): at the hub"), atHub[1]);
        assertEquals("SPMInvariantViolation | mc.stage5.payload.tie() is for stage5Cb, while it takes a task's message",
                atHub[2]);
        assertTrue(atHub[3].startsWith("SPMException | signature 'limited:list' is declared twice in module limited: at ")
                && atHub[3].contains("limited.py:"), atHub[3]);
    }

    @Test
    @Order(5)
    void aRaisingStage5CbEndsTheRunAndTheNextRunIsClean() throws Exception {
        String out = run("try:\n    limited.run(['raise-at-hub', 'talk'])\n"
                + "except RuntimeError as e:\n    print('propagated:', e)\n\n");
        assertTrue(out.contains("propagated: stage5Cb failed on purpose"), out);
        hub.awaitIdleSpokes(2);
        assertEquals("True True", hub.run("print(spm.sys.sstat.amOffline(), spm.sys.pstat.amHub())"));
        assertEquals(List.of("('0-fast', 'done', ('fast', 0, '0-fast'))"), reports(run("limited.run(['fast'])")));
    }
}
