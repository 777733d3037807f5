package org.spmpython.bridge.hub.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spmpython.bridge.hub.run.FakeSpokes.HUB;
import static org.spmpython.bridge.hub.run.Runs.INTER;
import static org.spmpython.bridge.wire.TaskStatus.DONE;
import static org.spmpython.bridge.wire.TaskStatus.DROPPED;
import static org.spmpython.bridge.wire.TaskStatus.EVAL;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code macro.*.dag.grainCoarse.policyA} (DESIGN §4b) through {@link RunLoop} on {@link FakeSpokes}. */
class DagRunTest {
    private static final RunSpec DAG = new RunSpec(Manager.DAG, INTER, 0, 0, 30, 0);
    private final FakeSpokes fake = new FakeSpokes();

    /** Task {@code label}: it takes the results of {@code inputs}, and runs after {@code after}. */
    private static TaskSpec task(String label, int[] inputs, int... after) {
        return new TaskSpec(label.getBytes(StandardCharsets.UTF_8), 0, false, false,
                new TaskSpec.Links(label, inputs, after));
    }

    private static int[] in(int... tasks) {
        return tasks;
    }

    /** The dispatches carried out so far, by task. */
    private static List<RunCommand.Dispatch> dispatches(RunHarness run) {
        return run.commands().stream().filter(c -> c instanceof RunCommand.Dispatch)
                .map(c -> (RunCommand.Dispatch) c).toList();
    }

    private static RunCommand.Dispatch dispatchOf(RunHarness run, int task) {
        return dispatches(run).stream().filter(d -> d.task() == task).findFirst().orElseThrow();
    }

    /** What a task went to its spoke with: (upstream task, its result)... then its own payload. */
    private static List<String> envelope(byte[] sent) {
        ByteBuffer b = ByteBuffer.wrap(sent);
        byte[] magic = new byte[DagPolicy.MAGIC.length];
        b.get(magic);
        assertTrue(Arrays.equals(magic, DagPolicy.MAGIC), "no DAG envelope: " + new String(sent, StandardCharsets.ISO_8859_1));
        List<String> parts = new ArrayList<>();
        int count = b.getInt();
        for (int i = 0; i < count; i++) {
            int task = b.getInt();
            byte[] result = new byte[b.getInt()];
            b.get(result);
            parts.add(task + "=" + new String(result, StandardCharsets.UTF_8));
        }
        byte[] own = new byte[b.remaining()];
        b.get(own);
        parts.add(new String(own, StandardCharsets.UTF_8));
        return parts;
    }

    @Test
    void aDiamondRunsInDependencyOrderAndTheJoinGetsBothResults() {
        int a = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, DAG,
                List.of(task("top", in()), task("left", in(0)), task("right", in(0)), task("join", in(1, 2))));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1", "dispatch t1 to 1"), run.take());
        assertEquals(List.of("0=result 1", "left"), envelope(dispatchOf(run, 1).spec().payload()));
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t1 done on 1", "dispatch t2 to 1"), run.take());
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t2 done on 1", "dispatch t3 to 1"), run.take());
        assertEquals(List.of("1=result 2", "2=result 3", "join"), envelope(dispatchOf(run, 3).spec().payload()));
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t3 done on 1", "release 1"), run.take());
        assertTrue(run.offline());
    }

    @Test
    void readyTasksGoInPushOrderAndAWaitingOneIsPassedOver() {
        int a = fake.join(HUB, true);
        int b = fake.join(HUB, true);
        // t1 waits for t0 (order only); t2 and t3 wait for nothing.
        RunHarness run = RunHarness.start(fake, DAG,
                List.of(task("first", in()), task("second", in(), 0), task("free", in()), task("free2", in())));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1", "acquire 2", "dispatch t2 to 2"), run.take());
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1", "dispatch t1 to 1"), run.take());
        // Order only: t1 goes with its own payload, no upstream result.
        assertEquals("second", new String(dispatchOf(run, 1).spec().payload(), StandardCharsets.UTF_8));
        fake.finish(b, DONE);
        run.deliver();
        assertEquals(List.of("report t2 done on 2", "dispatch t3 to 2"), run.take());
    }

    @Test
    void aFailureDropsItsDependentsTransitivelyNamingItAndAnIndependentBranchGoesOn() {
        int a = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, DAG, List.of(task("bad", in()), task("child", in(0)),
                task("grandchild", in(), 1), task("other", in()), task("after-other", in(3))));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());
        fake.finish(a, EVAL);
        run.deliver();
        assertEquals(List.of("report t0 eval on 1", "report t1 dropped", "report t2 dropped", "dispatch t3 to 1"),
                run.take());
        String why = "its upstream task 'bad' (task 0) failed with SPMTaskEval: Traceback: task 1 raised";
        assertEquals(why, run.reports().get(1).error());
        assertEquals(why, run.reports().get(2).error(), "the grandchild names the first failure, not its parent");
        fake.finish(a, DONE);
        run.deliver();
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t3 done on 1", "dispatch t4 to 1", "report t4 done on 1", "release 1"), run.take());
        assertEquals(5, run.reports().size());
        assertEquals(List.of(DONE, DONE), run.reports().subList(3, 5).stream().map(TaskReport::status).toList());
    }

    @Test
    void aJoinOfAFailedAndAGoodBranchIsDroppedOnceWhicheverEndsFirst() {
        int a = fake.join(HUB, true);
        int b = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, DAG,
                List.of(task("good", in()), task("bad", in()), task("join", in(0, 1)), task("join2", in(1), 0)));
        run.take();
        fake.finish(b, EVAL);
        run.deliver();
        assertEquals(List.of("report t1 eval on 2", "report t2 dropped", "report t3 dropped"), run.take());
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1", "release 1", "release 2"), run.take());
        assertEquals(4, run.reports().size());
        assertEquals(DROPPED, run.reports().get(2).status());
    }

    @Test
    void aLostUpstreamDropsItsDependents() {
        int a = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, DAG, List.of(task("lost", in()), task("child", in(0))));
        run.take();
        fake.lose(a);
        run.deliver();
        assertEquals(List.of("report t0 dropped on 1", "report t1 dropped"), run.take());
        assertTrue(run.reports().get(1).error().startsWith("its upstream task 'lost' (task 0) failed with SPMTaskDropped: "
                + "its spoke 1 was lost"), run.reports().get(1).error());
        assertTrue(run.offline());
    }

    @Test
    void anUpstreamResultIsHeldOnlyUntilItsLastTakerWasDispatched() {
        DagPolicy policy = new DagPolicy();
        List<TaskSpec> tasks = List.of(task("top", in()), task("a", in(0)), task("b", in(0)), task("after", in(), 0));
        RunCore core = new RunCore(DAG, tasks, policy, 0);
        core.handle(new RunEvent.SpokeReady(new SpokeInfo(1, HUB, true, SpokeInfo.State.IDLE, 0)), 1);
        core.handle(new RunEvent.TaskDone(1, 1, DONE, "r0".getBytes(StandardCharsets.UTF_8), ""), 2);
        assertEquals(1, policy.heldResults(), "t1 and t2 take t0's result");
        core.handle(new RunEvent.TaskDone(1, 2, DONE, "r1".getBytes(StandardCharsets.UTF_8), ""), 3);
        assertEquals(0, policy.heldResults(), "t2, its last taker, went out: t0's result is let go");
    }

    @Test
    void aLinkToATaskNotPushedBeforeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Manager.DAG.tasks(List.of(task("a", in(1)), task("b", in())), 1));
        assertEquals("DAG task 0 waits for task 1, which was not pushed before it", e.getMessage());
    }
}
