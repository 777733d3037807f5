package org.spmpython.bridge.hub.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spmpython.bridge.hub.run.FakeSpokes.HUB;
import static org.spmpython.bridge.hub.run.Runs.INTER;
import static org.spmpython.bridge.hub.run.Runs.task;
import static org.spmpython.bridge.hub.run.Runs.tasks;
import static org.spmpython.bridge.wire.TaskStatus.DONE;
import static org.spmpython.bridge.wire.TaskStatus.DROPPED;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Pipelining (issue 16): a spoke holds several of a run's tasks, the first running and the others
 * queued on it, the {@link Window} adapting to the tasks' turnaround; every fault keeps its one
 * report per task.
 */
class PipelineRunTest {
    private static final int QUEUE = 4;
    private final FakeSpokes fake = new FakeSpokes(false, QUEUE);

    private static RunSpec pipelined(int maxSpokes) {
        return new RunSpec(Manager.LIST, INTER, 0, maxSpokes, 30, 0, QUEUE);
    }

    /** Starts with one task per spoke; one quick report opens the window (no time passed: turnaround 0). */
    @Test
    void quickTasksFillTheSpokesQueueAfterTheFirstReport() {
        int a = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, pipelined(0), tasks(8));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1", "dispatch t1 to 1", "dispatch t2 to 1", "dispatch t3 to 1",
                "dispatch t4 to 1"), run.take());
        while (!fake.running().isEmpty()) {
            fake.finish(a, DONE);
            run.deliver();
        }
        assertTrue(run.offline());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), run.reports().stream().map(TaskReport::task).toList());
    }

    @Test
    void longTasksAreNotQueued() {
        int a = fake.join(HUB, true);
        int b = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, pipelined(0), tasks(6));
        run.take();
        run.advance(2); // a task of 2 s: the window stays at one
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1", "dispatch t2 to 1"), run.take());
        run.advance(2);
        fake.finish(b, DONE);
        run.deliver();
        assertEquals(List.of("report t1 done on 2", "dispatch t3 to 2"), run.take());
    }

    @Test
    void aSpokeLostWithTasksQueuedReportsItsRunningTaskAndGivesTheQueuedOnesToAnother() {
        int a = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, pipelined(0), tasks(6));
        fake.finish(a, DONE);
        run.deliver();
        run.take();
        fake.lose(a); // it held t1 (running), t2, t3, t4 (queued: they never started)
        run.deliver();
        assertEquals(List.of("report t1 dropped on 1"), run.take());
        int b = fake.join(HUB, true);
        run.deliver();
        assertEquals(List.of("acquire " + b, "dispatch t2 to " + b, "dispatch t3 to " + b, "dispatch t4 to " + b,
                "dispatch t5 to " + b), run.take());
        while (!fake.running().isEmpty()) {
            fake.finish(b, DONE);
            run.deliver();
        }
        assertTrue(run.offline());
        List<Integer> reported = new ArrayList<>(run.reports().stream().map(TaskReport::task).toList());
        assertEquals(List.of(0, 1, 2, 3, 4, 5), reported);
        assertTrue(run.reports().get(1).error().startsWith("its spoke 1 was lost: it died"), run.reports().get(1).error());
        assertEquals(List.of(DONE, DROPPED, DONE, DONE, DONE, DONE), run.reports().stream().map(TaskReport::status).toList());
    }

    /** The hub's fallback clock of a queued task starts when it becomes the spoke's running task. */
    @Test
    void aQueuedTasksTimeoutCountsFromWhenItRuns() {
        int a = fake.join(HUB, true);
        List<TaskSpec> timed = List.of(task(0, false, false), task(5, false, false), task(5, false, false));
        RunHarness run = RunHarness.start(fake, pipelined(0), timed);
        run.take();
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1", "dispatch t1 to 1", "dispatch t2 to 1"), run.take());
        run.advance(RunCore.GRACE_SECONDS + 4); // t1 runs, within 5 s + grace; t2 waits behind it
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t1 done on 1"), run.take());
        run.advance(RunCore.GRACE_SECONDS + 4); // t2's own 5 s + grace since it runs: not yet past
        assertEquals(List.of(), run.take());
        run.advance(2); // now past: the spoke did not stop it, and is ended
        List<String> ended = run.take();
        assertEquals(List.of("end 1", "report t2 dropped on 1", "release 1"), ended);
    }

    /** Nothing waits behind a relaunchPost task (its spoke is ended after it), and a relaunchPre one is not queued. */
    @Test
    void relaunchTasksAreNeverQueuedBehindOrAfter() {
        int a = fake.join(HUB, true);
        List<TaskSpec> specs = List.of(task(0, false, false), task(0, false, false), task(0, false, true),
                task(0, false, false), task(0, true, false));
        RunHarness run = RunHarness.start(fake, pipelined(0), specs);
        run.take();
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1", "dispatch t1 to 1", "dispatch t2 to 1"), run.take());
        fake.finish(a, DONE);
        fake.finish(a, DONE);
        int b = fake.join(HUB, true);
        run.deliver();
        List<String> after = run.take();
        assertTrue(after.contains("end 1"), after.toString()); // relaunchPost
        assertTrue(after.contains("dispatch t3 to " + b), after.toString());
        assertTrue(!after.contains("dispatch t4 to " + b), "relaunchPre task queued behind t3: " + after);
        fake.finish(b, DONE);
        run.deliver();
        assertTrue(run.take().contains("end " + b)); // t4 wants a fresh spoke: b ran t3
    }

    @Test
    void nSpokesMaxHoldsWithQueues() {
        int a = fake.join(HUB, true);
        fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, pipelined(1), tasks(10));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());
        fake.finish(a, DONE);
        run.deliver();
        List<String> next = run.take();
        assertTrue(next.stream().noneMatch(c -> c.endsWith(" to 2") || c.equals("acquire 2")), next.toString());
        assertEquals(1, run.core().heldSpokes());
        assertEquals(QUEUE, run.core().runningTasks());
    }

    @Test
    void fineGrainRunsTakeOneTaskAtATime() {
        int a = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, new RunSpec(Manager.LIST_FINE_LIMITED, INTER, 0, 0, 30, 0, QUEUE),
                tasks(4));
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("acquire 1", "dispatch t0 to 1", "report t0 done on 1", "dispatch t1 to 1"), run.take());
    }

    @Test
    void theWindowFollowsTheTurnaround() {
        Window w = new Window(32);
        assertEquals(1, w.size());
        w.took(1_000_000); // 1 ms: 50 fit in 50 ms, capped
        assertEquals(32, w.size());
        for (int i = 0; i < 30; i++) {
            w.took(1_000_000_000L); // 1 s tasks: one at a time
        }
        assertEquals(1, w.size());
        Window off = new Window(1);
        off.took(0);
        assertEquals(1, off.size());
    }
}
