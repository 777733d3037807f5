package org.spmpython.bridge.hub.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spmpython.bridge.hub.run.FakeSpokes.HUB;
import static org.spmpython.bridge.hub.run.Runs.INTER;
import static org.spmpython.bridge.hub.run.Runs.LIST;
import static org.spmpython.bridge.hub.run.Runs.TEMPLATE;
import static org.spmpython.bridge.hub.run.Runs.task;
import static org.spmpython.bridge.wire.TaskStatus.DONE;
import static org.spmpython.bridge.wire.TaskStatus.DROPPED;
import static org.spmpython.bridge.wire.TaskStatus.EVAL;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * policyB (DESIGN §4): a task whose spoke died or was lost goes again on another spoke while it
 * has tries left ({@link TaskSpec#retries}); one that raised or passed its timeout never does;
 * its one report says how many tries it had. policyA's tasks (no retries) stay at most once.
 */
class PolicyBRunTest {
    private final FakeSpokes fake = new FakeSpokes();

    private static List<TaskSpec> retried(int n, int retries) {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(task(0, false, false).withRetries(retries));
        }
        return tasks;
    }

    @Test
    void aTaskWhoseSpokeIsLostGoesAgainOnAnotherAndSaysItHadTwoTries() {
        int a = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, LIST, retried(1, 2));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());

        fake.lose(a);
        run.deliver();
        assertEquals(List.of(), run.take(), "no report: it waits for another spoke");
        int b = fake.join(HUB, true);
        run.deliver();
        assertEquals(List.of("acquire " + b, "dispatch t0 to " + b), run.take());
        fake.finish(b, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on " + b, "release " + b), run.take());
        TaskReport r = run.reports().get(0);
        assertEquals(2, r.tries());
        assertTrue(run.offline());
    }

    @Test
    void aTaskOutOfTriesIsDroppedSayingHowOftenItWasTried() {
        RunHarness run = RunHarness.start(fake, LIST, retried(1, 1));
        int a = fake.join(HUB, true);
        run.deliver();
        fake.lose(a);
        run.deliver();
        int b = fake.join(HUB, true);
        run.deliver();
        fake.lose(b);
        run.deliver();
        assertEquals(List.of("acquire " + a, "dispatch t0 to " + a, "acquire " + b, "dispatch t0 to " + b,
                "report t0 dropped"), run.take().stream().map(c -> c.replace(" on " + b, "")).toList());
        TaskReport r = run.reports().get(0);
        assertEquals(DROPPED, r.status());
        assertEquals(2, r.tries());
        assertEquals("its spoke " + b + " was lost: it died; it was tried 2 times (spm.meta.retries = 1)", r.error());
        assertTrue(run.offline());
    }

    @Test
    void aTaskThatRaisedIsNeverRetried() {
        int a = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, LIST, retried(1, 2));
        run.take();
        fake.finish(a, EVAL);
        run.deliver();
        assertEquals(List.of("report t0 eval on " + a, "release " + a), run.take());
        assertEquals(1, run.reports().get(0).tries());
    }

    @Test
    void aTaskPastItsTimeoutIsNeverRetried() {
        int a = fake.join(HUB, true);
        fake.join(HUB, true); // another spoke is there to take it, were it retried
        RunHarness run = RunHarness.start(fake, LIST, List.of(task(1, false, false).withRetries(2)));
        run.take();
        run.advance(1 + RunCore.GRACE_SECONDS + 1);
        List<String> after = run.take();
        assertTrue(after.contains("end " + a) && after.contains("report t0 dropped on " + a), after.toString());
        assertTrue(after.stream().noneMatch(c -> c.startsWith("dispatch")), after.toString());
        assertEquals(1, run.reports().get(0).tries());
        assertTrue(run.reports().get(0).error().contains("passed its timeout"), run.reports().get(0).error());
    }

    @Test
    void policyAStaysAtMostOnce() {
        int a = fake.join(HUB, true);
        fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, Runs.list(INTER, 0, 1), retried(1, 0));
        run.take();
        fake.lose(a);
        run.deliver();
        assertEquals(List.of("report t0 dropped on " + a), run.take());
        assertEquals("its spoke " + a + " was lost: it died", run.reports().get(0).error());
        assertEquals(1, run.reports().get(0).tries());
    }

    @Test
    void aTemplateCopyGoesAgainOnASpokeThatRanNoCopy() {
        int a = fake.join(HUB, true);
        int b = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, TEMPLATE, retried(1, 2));
        assertEquals(2, run.loop.size());
        run.take();
        fake.finish(b, DONE);
        fake.lose(a);
        run.deliver();
        assertEquals(List.of("report t1 done on " + b), run.take(), "spoke b ran a copy: it takes no other");
        int c = fake.join(HUB, true);
        run.deliver();
        assertEquals(List.of("acquire " + c, "dispatch t0 to " + c), run.take());
        fake.finish(c, DONE);
        run.deliver();
        assertEquals(2, run.reports().stream().filter(r -> r.task() == 0).findFirst().orElseThrow().tries());
        assertTrue(run.offline());
    }

    @Test
    void aDagTaskWhoseSpokeIsLostGoesAgainAndItsDependentsRunAfterIt() {
        int a = fake.join(HUB, true);
        TaskSpec up = new TaskSpec("up".getBytes(), 0, false, false, new TaskSpec.Links("up", new int[0], new int[0]), 1);
        TaskSpec down = new TaskSpec("down".getBytes(), 0, false, false,
                new TaskSpec.Links("down", new int[] {0}, new int[0]), 1);
        RunHarness run = RunHarness.start(fake, new RunSpec(Manager.DAG, INTER, 0, 0, 30, 0), List.of(up, down));
        assertEquals(List.of("acquire " + a, "dispatch t0 to " + a), run.take());
        fake.lose(a);
        int b = fake.join(HUB, true);
        run.deliver();
        assertEquals(List.of("acquire " + b, "dispatch t0 to " + b), run.take());
        fake.finish(b, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on " + b, "dispatch t1 to " + b), run.take());
        fake.finish(b, DONE);
        run.deliver();
        assertEquals(List.of(2, 1), run.reports().stream().map(TaskReport::tries).toList());
    }

    @Test
    void aTaskQueuedBehindTheLostOneSpendsNoTry() {
        FakeSpokes pipelined = new FakeSpokes(false, 4);
        int a = pipelined.join(HUB, true);
        RunHarness run = RunHarness.start(pipelined, new RunSpec(Manager.LIST, INTER, 0, 0, 30, 0, 4), retried(3, 1));
        pipelined.finish(a, DONE); // a quick first report opens the window: t1 runs, t2 waits behind it
        run.deliver();
        assertEquals(List.of("acquire " + a, "dispatch t0 to " + a, "report t0 done on " + a, "dispatch t1 to " + a,
                "dispatch t2 to " + a), run.take());
        pipelined.lose(a);
        int b = pipelined.join(HUB, true);
        run.deliver();
        assertEquals(List.of("acquire " + b, "dispatch t1 to " + b, "dispatch t2 to " + b), run.take(),
                "both go again, in push order");
        while (!pipelined.running().isEmpty()) {
            pipelined.finish(b, DONE);
            run.deliver();
        }
        assertTrue(run.offline());
        assertEquals(List.of(1, 2, 1), run.reports().stream().map(TaskReport::tries).toList(),
                "t1 ran on the lost spoke; t2 only waited in its queue");
    }
}
