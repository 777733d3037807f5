package org.spmpython.bridge.hub.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spmpython.bridge.hub.run.FakeSpokes.HUB;
import static org.spmpython.bridge.hub.run.Runs.INTER;
import static org.spmpython.bridge.hub.run.Runs.INTER_ONE_PER_SERVER;
import static org.spmpython.bridge.hub.run.Runs.INTRA;
import static org.spmpython.bridge.hub.run.Runs.LIST;
import static org.spmpython.bridge.hub.run.Runs.list;
import static org.spmpython.bridge.hub.run.Runs.task;
import static org.spmpython.bridge.hub.run.Runs.tasks;
import static org.spmpython.bridge.hub.run.Runs.timed;
import static org.spmpython.bridge.wire.TaskStatus.DONE;
import static org.spmpython.bridge.wire.TaskStatus.DROPPED;
import static org.spmpython.bridge.wire.TaskStatus.EVAL;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code macro.*.list.grainCoarse.policyA} through {@link RunLoop} on {@link FakeSpokes}. */
class ListRunTest {
    private final FakeSpokes fake = new FakeSpokes();

    @Test
    void tasksGoInPushOrderAndEachGetsOneReport() {
        int a = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, LIST, tasks(3));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());

        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1", "dispatch t1 to 1"), run.take());
        fake.finish(a, EVAL);
        run.deliver();
        assertEquals(List.of("report t1 eval on 1", "dispatch t2 to 1"), run.take());
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t2 done on 1", "release 1"), run.take());

        assertTrue(run.last().finished());
        assertTrue(run.offline());
        assertTrue(fake.detached());
        List<TaskReport> reports = run.reports();
        assertEquals(List.of(0, 1, 2), reports.stream().map(TaskReport::task).toList());
        assertArrayEquals(FakeSpokes.payload(2), reports.get(1).payload());
        assertEquals("Traceback: task 2 raised", reports.get(1).error());
        assertEquals(HUB, reports.get(1).serverName());
        assertEquals(List.of("acquire 1", "dispatch key 1 to 1 (timeout 0 ms)", "dispatch key 2 to 1 (timeout 0 ms)",
                "dispatch key 3 to 1 (timeout 0 ms)", "release 1", "detach"), fake.log());
    }

    @Test
    void eachIdleSpokeTakesOneTask() {
        fake.join(HUB, true);
        fake.join("s1", false);
        RunHarness run = RunHarness.start(fake, LIST, tasks(3));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1", "acquire 2", "dispatch t1 to 2"), run.take());
        assertEquals(2, run.core().runningTasks());
    }

    @Test
    void theFreedSpokeTakesTheNextTaskInThePollThatReports() {
        fake.join(HUB, true);
        int b = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, LIST, tasks(3));
        run.take();

        fake.finish(b, DONE);
        assertTrue(fake.deliverNext());
        RunPoll poll = run.poll();
        assertEquals(List.of(1), poll.reports().stream().map(TaskReport::task).toList());
        assertEquals(List.of("report t1 done on 2", "dispatch t2 to 2"), run.take());
    }

    @Test
    void nothingIsGivenOutBeforeNSpokesMinAreHeld() {
        fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, list(INTER, 2, 0), tasks(2));
        assertEquals(List.of("acquire 1"), run.take());
        run.advance(10);
        assertEquals(List.of(), run.take());
        assertFalse(run.core().started());

        fake.join("s1", true);
        run.deliver();
        assertEquals(List.of("acquire 2", "dispatch t0 to 1", "dispatch t1 to 2"), run.take());
        assertTrue(run.last().started());
    }

    @Test
    void nSpokesMaxCapsTheSpokesHeld() {
        fake.join(HUB, true);
        fake.join(HUB, true);
        int c = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, list(INTER, 0, 2), tasks(3));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1", "acquire 2", "dispatch t1 to 2"), run.take());
        fake.lose(1);
        run.deliver();
        assertEquals(List.of("report t0 dropped on 1", "acquire " + c, "dispatch t2 to " + c), run.take());
    }

    @Test
    void onePerServerTakesOneSpokeOfEachServerAndAnotherWhenItIsLost() {
        int a = fake.join(HUB, true);
        int b = fake.join(HUB, true);
        int c = fake.join("s1", false);
        RunHarness run = RunHarness.start(fake, list(INTER_ONE_PER_SERVER, 0, 0), tasks(3));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1", "acquire 3", "dispatch t1 to 3"), run.take());

        fake.finish(c, DONE);
        run.deliver();
        assertEquals(List.of("report t1 done on 3", "dispatch t2 to 3"), run.take());
        fake.lose(a);
        run.deliver();
        assertEquals(List.of("report t0 dropped on 1"), run.take()); // nothing pending: spoke 2 is not taken
        assertEquals(1, run.core().heldSpokes());
        assertFalse(fake.held().contains(b));
    }

    @Test
    void onePerServerTakesTheServersNextSpokeWhileTasksWait() {
        int a = fake.join(HUB, true);
        fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, list(INTER_ONE_PER_SERVER, 0, 0), tasks(2));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());
        fake.lose(a);
        run.deliver();
        assertEquals(List.of("report t0 dropped on 1", "acquire 2", "dispatch t1 to 2"), run.take());
    }

    @Test
    void anIntraServerPoolTakesOnlyTheHubsSpokes() {
        fake.join("s1", true);
        fake.join(HUB, false);
        RunHarness run = RunHarness.start(fake, list(INTRA, 0, 0), tasks(2));
        assertEquals(List.of("acquire 2", "dispatch t0 to 2"), run.take());
        fake.join("s2", true);
        run.deliver();
        assertEquals(List.of(), run.take());
    }

    @Test
    void anInterServerPoolTakesEveryServersSpokes() {
        fake.join("s1", true);
        fake.join("s2", false);
        RunHarness run = RunHarness.start(fake, list(INTER, 0, 0), tasks(2));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1", "acquire 2", "dispatch t1 to 2"), run.take());
    }

    @Test
    void aSpokeLostMidTaskDropsItsTaskNamingTheSpoke() {
        int a = fake.join(HUB, true);
        fake.join("s1", true);
        RunHarness run = RunHarness.start(fake, LIST, tasks(2));
        run.take();
        fake.lose(a);
        run.deliver();
        assertEquals(List.of("report t0 dropped on 1"), run.take());
        TaskReport r = run.reports().get(0);
        assertEquals(DROPPED, r.status());
        assertEquals("its spoke 1 was lost: it died", r.error());
        assertEquals(0, r.payload().length);
    }

    @Test
    void aDispatchToASpokeLostMeanwhileIsAnsweredWithItsLoss() {
        int a = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, list(INTER, 2, 0), tasks(2));
        assertEquals(List.of("acquire 1"), run.take());
        fake.lose(a); // its loss is still on the way when spoke 2's arrival starts the run
        fake.join(HUB, true);
        run.deliverOne(1);
        assertEquals(List.of("acquire 2", "dispatch t0 to 1", "dispatch t1 to 2", "report t0 dropped on 1"),
                run.take());
        assertEquals("its spoke 1 was lost: it could not take work (lost meanwhile)", run.reports().get(0).error());
        run.deliver(); // the loss itself, late: heard already
        assertEquals(List.of(), run.take());
    }

    @Test
    void aTaskPastItsTimeoutAndTheGraceEndsItsSpokeAndIsDropped() {
        FakeSpokes relaunching = new FakeSpokes(true);
        int a = relaunching.join(HUB, true);
        RunHarness run = RunHarness.start(relaunching, LIST, List.of(task(5, false, false), task(0, false, false)));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());
        assertEquals("dispatch key 1 to 1 (timeout 5000 ms)", relaunching.log().get(1));

        run.advance(5 + RunCore.GRACE_SECONDS);
        assertEquals(List.of(), run.take());
        run.advance(0.001);
        assertEquals(List.of("end 1", "report t0 dropped on 1"), run.take());
        assertEquals("passed its timeout of 5.0 s on spoke 1, which did not stop it and was ended",
                run.reports().get(0).error());

        relaunching.answer(a, 1, DONE); // its answer comes after all: too late
        run.deliver();
        assertEquals(List.of(), run.take()); // the relaunched spoke is still booting
        relaunching.ready(2);
        run.deliver();
        assertEquals(List.of("acquire 2", "dispatch t1 to 2"), run.take());
        assertEquals(1, run.reports().size());
    }

    @Test
    void timeoutExecutionReportsEveryTaskAndExpiresTheRun() {
        fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, timed(Manager.LIST, 30, 60), tasks(3));
        run.take();
        run.advance(60);
        assertEquals(List.of(), run.take());
        run.advance(0.5);
        assertEquals(List.of("end 1", "report t0 dropped on 1", "report t1 dropped", "report t2 dropped", "release 1"),
                run.take());
        assertTrue(run.last().expired());
        assertTrue(run.last().finished());
        assertNull(run.last().failure());
        assertEquals("never started: the run's timeoutExecution of 60.0 s ended it", run.reports().get(2).error());
    }

    @Test
    void noSpokeWithinTimeoutWaitForSpokesFailsTheRunAndDropsEveryTask() {
        fake.boot(HUB, false); // not the hub's cloud's: it may never come
        fake.boot("s1", true);
        RunHarness run = RunHarness.start(fake, new RunSpec(Manager.LIST, INTRA, 0, 0, 5, 0), tasks(2));
        run.advance(5);
        assertEquals(List.of(), run.take());
        run.advance(1);
        assertEquals(List.of("report t0 dropped", "report t1 dropped"), run.take());
        // It names the pool and what was there: the failure is not a mystery.
        assertEquals("no spoke joined within 5.0 s (needed 1, had 0; the pool takes spokes of the hub's server hub;"
                + " the tracker had 2 booting spokes on hub, s1)", run.last().failure());
        assertFalse(run.last().started());
        assertTrue(run.last().finished());
        assertTrue(fake.detached());
    }

    @Test
    void aBootingLocalSpokeOfThePoolIsWaitedForPastTimeoutWaitForSpokes() {
        int a = fake.boot(HUB, true);
        RunHarness run = RunHarness.start(fake, timed(Manager.LIST, 5, 0), tasks(1));
        run.advance(50);
        assertEquals(List.of(), run.take());
        assertNull(run.last().failure());
        fake.ready(a);
        run.deliver();
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());
    }

    @Test
    void theRunFailsWhenTheBootingSpokeItWaitedForIsLost() {
        int a = fake.boot(HUB, true);
        RunHarness run = RunHarness.start(fake, timed(Manager.LIST, 5, 0), tasks(1));
        run.advance(50);
        fake.lose(a);
        run.deliver();
        assertEquals(List.of("report t0 dropped"), run.take());
        assertEquals("no spoke joined within 5.0 s (needed 1, had 0; the pool takes spokes of every server;"
                + " the tracker had no spoke)", run.last().failure());
    }

    @Test
    void relaunchPreEndsAUsedSpokeAndRunsOnAFreshOne() {
        FakeSpokes relaunching = new FakeSpokes(true);
        int a = relaunching.join(HUB, true);
        RunHarness run = RunHarness.start(relaunching, LIST, List.of(task(0, false, false), task(0, true, false)));
        run.take();
        relaunching.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1", "end 1"), run.take());
        relaunching.ready(2);
        run.deliver();
        assertEquals(List.of("acquire 2", "dispatch t1 to 2"), run.take());
    }

    @Test
    void relaunchPreEndsNoMoreUsedSpokesThanTasksWaitForAFreshOne() {
        FakeSpokes relaunching = new FakeSpokes(true);
        int a = relaunching.join(HUB, true);
        int b = relaunching.join(HUB, true);
        RunHarness run = RunHarness.start(relaunching, LIST,
                List.of(task(0, false, false), task(0, false, false), task(0, true, false)));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1", "acquire 2", "dispatch t1 to 2"), run.take());
        relaunching.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1", "end 1"), run.take());
        relaunching.finish(b, DONE);
        run.deliver();
        // One task wants a fresh spoke and one is coming: spoke 2 waits rather than being ended too.
        assertEquals(List.of("report t1 done on 2"), run.take());
        relaunching.ready(3);
        run.deliver();
        assertEquals(List.of("acquire 3", "dispatch t2 to 3"), run.take());
    }

    @Test
    void relaunchPostEndsTheSpokeAfterItsTask() {
        FakeSpokes relaunching = new FakeSpokes(true);
        int a = relaunching.join(HUB, true);
        RunHarness run = RunHarness.start(relaunching, LIST, List.of(task(0, false, true), task(0, false, false)));
        run.take();
        relaunching.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1", "end 1"), run.take());
        assertTrue(relaunching.log().contains("end 1: relaunchPost: after task 0"));
        relaunching.ready(2);
        run.deliver();
        assertEquals(List.of("acquire 2", "dispatch t1 to 2"), run.take());
    }

    @Test
    void aRaisingCallbackEndsEveryHeldSpokeAndNothingIsReportedAfter() {
        int a = fake.join(HUB, true);
        int b = fake.join(HUB, true);
        fake.join("s1", true);
        fake.join("s1", true);
        RunHarness run = RunHarness.start(fake, LIST, tasks(2));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1", "acquire 2", "dispatch t1 to 2"), run.take());
        fake.finish(a, DONE);
        run.deliver();
        run.take();

        run.callbackRaised();
        assertEquals(List.of("end 1", "end 2", "release 1", "release 2"), run.take());
        assertTrue(run.offline());
        assertTrue(run.core().aborted());
        assertTrue(fake.detached());
        fake.answer(b, 2, DONE); // t1's answer, too late
        run.deliver();
        assertTrue(run.poll().finished());
        assertEquals(List.of(), run.take());
        assertEquals(1, run.reports().size());
    }
}
