package org.spmpython.bridge.hub.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spmpython.bridge.hub.run.FakeSpokes.HUB;
import static org.spmpython.bridge.hub.run.Runs.INTER;
import static org.spmpython.bridge.hub.run.Runs.tasks;
import static org.spmpython.bridge.wire.TaskStatus.DONE;
import static org.spmpython.bridge.wire.TaskStatus.DROPPED;
import static org.spmpython.bridge.wire.TaskStatus.EVAL;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code macro.pinterp.template.grainFineGeneral.policyA} (DESIGN §4c) through {@link RunLoop} on {@link FakeSpokes}. */
class FineGeneralRunTest {
    private static final RunSpec GENERAL = new RunSpec(Manager.TEMPLATE_FINE_GENERAL, INTER, 0, 0, 30, 0);
    private final FakeSpokes fake = new FakeSpokes();

    private static byte[] op(char kind, int arg, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + v.length).put((byte) kind).putInt(arg).put(v).array();
    }

    private static byte[] part(String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + v.length).put((byte) 'A').put(v).array();
    }

    private static List<RunCommand.Deliver> delivers(RunHarness run) {
        return run.commands().stream().filter(c -> c instanceof RunCommand.Deliver).map(c -> (RunCommand.Deliver) c).toList();
    }

    private RunHarness twoRanks() {
        fake.join(HUB, true);
        fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, GENERAL, tasks(1));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1", "acquire 2", "dispatch t1 to 2"), run.take());
        return run;
    }

    @Test
    void eachCopyGoesWithItsRankAndTheRunsSize() {
        RunHarness run = twoRanks();
        RunCommand.Dispatch second = (RunCommand.Dispatch) run.commands().get(3);
        ByteBuffer b = ByteBuffer.wrap(second.spec().payload());
        byte[] magic = new byte[FineGeneralPolicy.RANK_MAGIC.length];
        b.get(magic);
        assertTrue(Arrays.equals(FineGeneralPolicy.RANK_MAGIC, magic));
        assertEquals(1, b.getInt());
        assertEquals(2, b.getInt());
        byte[] rest = new byte[b.remaining()];
        b.get(rest);
        assertEquals("task", new String(rest, StandardCharsets.UTF_8));
    }

    @Test
    void aSendToARankReachesItsSpokeNamingTheSender() {
        RunHarness run = twoRanks();
        fake.message(1, op('S', 1, "hi"));
        run.deliver();
        assertEquals(List.of("deliver to 2"), run.take());
        byte[] got = delivers(run).get(0).body();
        assertEquals('M', got[0]);
        assertEquals(0, ByteBuffer.wrap(got, 1, 4).getInt(), "from rank 0");
        assertEquals("hi", new String(got, 5, got.length - 5, StandardCharsets.UTF_8));
    }

    @Test
    void aSendToARankNotStartedYetWaitsForItsDispatch() {
        fake.join(HUB, true);
        fake.boot(HUB, true);
        RunHarness run = RunHarness.start(fake, GENERAL, tasks(1));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());
        fake.message(1, op('S', 1, "early"));
        run.deliver();
        assertEquals(List.of(), run.take());
        fake.ready(2);
        run.deliver();
        assertEquals(List.of("acquire 2", "dispatch t1 to 2", "deliver to 2"), run.take());
    }

    @Test
    void anAggregateGivesEveryRankEveryPartInRankOrder() {
        RunHarness run = twoRanks();
        fake.message(2, part("b"));
        run.deliver();
        assertEquals(List.of(), run.take(), "rank 0 has not given its part");
        fake.message(1, part("a"));
        run.deliver();
        assertEquals(List.of("deliver to 1", "deliver to 2"), run.take());
        ByteBuffer b = ByteBuffer.wrap(delivers(run).get(0).body());
        assertEquals('G', b.get());
        assertEquals(2, b.getInt());
        byte[] first = new byte[b.getInt()];
        b.get(first);
        assertEquals("a", new String(first, StandardCharsets.UTF_8));
        byte[] second = new byte[b.getInt()];
        b.get(second);
        assertEquals("b", new String(second, StandardCharsets.UTF_8));
    }

    @Test
    void aRankThatRaisesEndsEveryRankAsOneUnit() {
        RunHarness run = twoRanks();
        fake.finish(2, EVAL);
        run.deliver();
        assertEquals(List.of("report t1 eval on 2", "end 2", "end 1", "report t0 dropped on 1", "release 1",
                "release 2"), run.take());
        TaskReport dropped = run.reports().get(1);
        assertEquals(DROPPED, dropped.status());
        assertEquals("rank 1 failed with SPMTaskEval: Traceback: task 2 raised (the ranks of this run fail as one unit)",
                dropped.error());
        assertTrue(run.offline());
    }

    @Test
    void anInterruptedRunDropsEveryRankAsInterruptedNotAsARanksFailure() {
        // The drop of the first rank is the interrupt's, not a failure that ends the unit: no
        // "rank 0 failed with SPMTaskDropped" on the others.
        RunHarness run = twoRanks();
        run.interrupted();
        List<String> after = new ArrayList<>(run.take());
        after.sort(null);
        assertEquals(List.of("end 1", "end 2", "release 1", "release 2", "report t0 dropped on 1",
                "report t1 dropped on 2"), after);
        assertTrue(run.offline());
        assertTrue(run.poll().finished());
        assertEquals(List.of("interrupted", "interrupted"), run.reports().stream().map(TaskReport::error).toList());
    }

    @Test
    void ranksThatAllWaitWithNothingOnItsWayAreADeadlock() {
        RunHarness run = twoRanks();
        fake.message(1, op('R', 0, ""));
        fake.message(2, part("x"));
        run.deliver();
        run.advance(0.3);
        assertEquals(List.of(), run.take(), "not for " + FineGeneralPolicy.STUCK_SECONDS + " s yet");
        run.advance(0.3);
        assertEquals(List.of("end 1", "report t0 dropped on 1", "end 2", "report t1 dropped on 2", "release 1",
                "release 2"), run.take());
        assertEquals("deadlock: every rank that runs waits and no message is on its way (rank 0 waited in recv, "
                + "rank 1 waited in aggregate)", run.reports().get(0).error());
    }

    @Test
    void aMessageOnItsWayToAWaitingRankIsNoDeadlock() {
        RunHarness run = twoRanks();
        fake.message(2, op('S', 0, "on its way"));
        fake.message(1, op('R', 0, "")); // it has taken none of the one sent to it
        fake.message(2, op('R', 0, ""));
        run.deliver();
        run.take();
        run.advance(5);
        assertEquals(List.of(), run.take());
        fake.message(1, op('R', 1, "")); // it took it, and waits again: now nothing is on its way
        run.deliver();
        run.advance(1);
        assertTrue(run.take().contains("report t0 dropped on 1"));
    }

    @Test
    void aRankThatFinishedLeavesTheOthersRunning() {
        RunHarness run = twoRanks();
        fake.finish(1, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1"), run.take());
        fake.finish(2, DONE);
        run.deliver();
        assertEquals(List.of("report t1 done on 2", "release 1", "release 2"), run.take());
    }
}
