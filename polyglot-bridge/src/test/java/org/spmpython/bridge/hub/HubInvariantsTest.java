package org.spmpython.bridge.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.spmpython.bridge.hub.run.TaskReport;
import org.spmpython.bridge.wire.TaskStatus;

/** The checker catches each kind of break of the event core's invariants, and passes a clean stream. */
class HubInvariantsTest {
    private final List<String> lines = new ArrayList<>();
    private final HubInvariants check = new HubInvariants(lines::add);

    private static HubEvent report(long run, int task) {
        return new HubEvent.TaskReported(run, new TaskReport(task, TaskStatus.DONE, new byte[0], "", 1, "h"));
    }

    private static SpokeView spoke(int id) {
        return new SpokeView(id, "h", id - 1, 1000 + id, SpokeState.IDLE, 1, 0, true, 0.5, 0, false);
    }

    /** A clean run of two tasks on one spoke. */
    private void cleanRun(long run) {
        check.on(new HubEvent.RunOnline(run, "list", 2));
        check.on(new HubEvent.SpokeAcquired(run, 1));
        check.on(new HubEvent.TaskDispatched(run, 0, 1));
        check.on(report(run, 0));
        check.on(new HubEvent.TaskDispatched(run, 1, 1));
        check.on(report(run, 1));
        check.on(new HubEvent.SpokeReleased(run, 1));
        check.on(new HubEvent.RunOffline(run, 2, 0));
    }

    @Test
    void aCleanStreamPasses() {
        cleanRun(1);
        // A spoke lost mid-run needs no release; the run never heard of its loss when it dispatched.
        check.on(new HubEvent.RunOnline(2, "list", 1));
        check.on(new HubEvent.SpokeAcquired(2, 2));
        check.on(new HubEvent.SpokeLost(spoke(2), "it died", false));
        check.on(new HubEvent.TaskDispatched(2, 0, 2));
        check.on(new HubEvent.TaskReported(2, new TaskReport(0, TaskStatus.DROPPED, new byte[0], "lost", 2, "h")));
        check.on(new HubEvent.RunOffline(2, 0, 1));
        check.close();
        assertEquals(List.of("exit: ok - 2 runs, 3 tasks, 3 reports, 0 violations"), lines);
    }

    @Test
    void aTaskReportedTwiceIsCaught() {
        cleanRun(1);
        check.on(new HubEvent.RunOnline(2, "list", 1));
        check.on(report(2, 0));
        check.on(report(2, 0));
        check.on(new HubEvent.RunOffline(2, 2, 0));
        check.close();
        assertTrue(lines.contains("violation: run 2 reported task 0 2 times"), lines.toString());
        assertTrue(lines.get(lines.size() - 1).startsWith("exit: violated"), lines.toString());
    }

    @Test
    void aTaskWithoutAReportIsCaughtUnlessACallbackAbortedTheRun() {
        check.on(new HubEvent.RunOnline(1, "list", 3));
        check.on(report(1, 1));
        check.on(new HubEvent.RunOffline(1, 1, 0));
        check.on(new HubEvent.RunOnline(2, "list", 3));
        check.on(report(2, 0));
        check.on(new HubEvent.RunOffline(2, 1, 0, true));
        assertEquals(List.of("violation: run 1 went offline with 2 of its 3 tasks unreported (first: [0, 2])"), lines);
    }

    @Test
    void aSpokeLeftHeldOrHeldTwiceOrNotHeldIsCaught() {
        check.on(new HubEvent.RunOnline(1, "list", 1));
        check.on(new HubEvent.SpokeAcquired(1, 1));
        check.on(new HubEvent.TaskDispatched(1, 0, 3));
        check.on(report(1, 0));
        check.on(new HubEvent.SpokeReleased(1, 4));
        check.on(new HubEvent.RunOffline(1, 1, 0));
        assertEquals(List.of("violation: run 1 dispatched task 0 to spoke 3, which it does not hold",
                "violation: run 1 released spoke 4, which it did not hold",
                "violation: run 1 went offline holding spokes [1]"), lines);
    }

    @Test
    void theHubEndingWithARunOnlineIsCaughtUnlessASignalEndedIt() {
        check.on(new HubEvent.RunOnline(1, "dag", 4));
        check.on(new HubEvent.RunOnline(2, "list", 1));
        check.close();
        assertTrue(lines.contains("violation: run 2 came online while run [1] was"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("violation: the hub ended with run 1 online")), lines.toString());

        List<String> signalled = new ArrayList<>();
        HubInvariants bySignal = new HubInvariants(signalled::add);
        bySignal.on(new HubEvent.RunOnline(1, "list", 4));
        bySignal.endedFromOutside();
        bySignal.close();
        assertEquals(2, signalled.size(), signalled.toString());
        assertTrue(signalled.get(0).startsWith("signal: the hub ended with run 1 online"), signalled.toString());
        assertEquals("exit: ok - 1 runs, 4 tasks, 0 reports, 0 violations", signalled.get(1));
    }

    @Test
    void eventsOfARunNotOnlineAreCaught() {
        check.on(report(9, 0));
        check.on(new HubEvent.RunOffline(9, 0, 0));
        assertEquals(List.of("violation: task 0 reported of run 9, which is not online",
                "violation: went offline of run 9, which is not online"), lines);
    }
}
