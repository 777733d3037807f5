package org.spmpython.bridge.hub.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spmpython.bridge.hub.run.FakeSpokes.HUB;
import static org.spmpython.bridge.hub.run.Runs.LIST;
import static org.spmpython.bridge.hub.run.Runs.tasks;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.spmpython.bridge.wire.TaskStatus;

/** {@link RunCore} on its own, with policies made for the test. */
class RunCoreTest {

    private static RunEvent.SpokeReady ready(int id) {
        return new RunEvent.SpokeReady(new SpokeInfo(id, HUB, true, SpokeInfo.State.IDLE, 0));
    }

    @Test
    void aPolicyChoosingATaskThatIsNotPendingIsAnImpossibleTransitionWithTheStory() {
        RunCore core = new RunCore(LIST, tasks(2), (run, spokeId) -> 0, 0);
        assertEquals(List.of(new RunCommand.Acquire(1)), core.handle(ready(1), 0).subList(0, 1));

        ImpossibleTransition e = assertThrows(ImpossibleTransition.class, () -> core.handle(ready(2), 1_000_000));
        String[] lines = e.getMessage().split("\n");
        assertEquals("the policy chose task 0 for spoke 2, which is RUNNING", lines[0]);
        assertEquals("the run's last events:", lines[1]);
        assertTrue(lines[2].startsWith("   +0.000 s  SpokeReady[spoke=SpokeInfo[id=1,"), lines[2]);
        assertTrue(lines[2].contains("->  [Acquire[spokeId=1], Dispatch[spokeId=1, task=0, key=1"), lines[2]);
        // The story ends with the event that led to the impossible transition, and what it gave until then.
        assertTrue(lines[3].startsWith("   +0.001 s  SpokeReady[spoke=SpokeInfo[id=2,"), lines[3]);
        assertTrue(lines[3].endsWith("(impossible)  ->  [Acquire[spokeId=2]]"), lines[3]);
        assertEquals(4, lines.length);
    }

    @Test
    void ticksThatChangeNothingLeaveTheStoryToTheEvents() {
        RunCore core = new RunCore(LIST, tasks(2), new ListPolicy(), 0);
        core.handle(ready(1), 0);
        for (int i = 1; i <= 100; i++) { // RunLoop ticks every 200 ms: 20 s of a quiet run
            assertEquals(List.of(), core.handle(new RunEvent.Tick(), i * 200_000_000L));
        }
        core.handle(new RunEvent.TaskDone(1, 1, TaskStatus.DONE, new byte[0], ""), 20_100_000_000L);
        String[] lines = core.story().split("\n");
        assertEquals(2, lines.length, core.story());
        assertTrue(lines[0].startsWith("   +0.000 s  SpokeReady"), lines[0]);
        assertTrue(lines[1].startsWith("  +20.100 s  TaskDone"), lines[1]);
    }

    @Test
    void aTickThatGivesCommandsIsInTheStory() {
        RunCore core = new RunCore(Runs.timed(Manager.LIST, 1, 0), tasks(1), new ListPolicy(), 0);
        core.handle(new RunEvent.Tick(), 2_000_000_000L);
        assertTrue(core.story().startsWith("   +2.000 s  Tick[]  ->  [Report["), core.story());
    }

    @Test
    void aPolicyChoosingNoTaskOfTheRunIsAnImpossibleTransition() {
        RunCore core = new RunCore(LIST, tasks(2), (run, spokeId) -> 7, 0);
        ImpossibleTransition e = assertThrows(ImpossibleTransition.class, () -> core.handle(ready(1), 0));
        assertTrue(e.getMessage().startsWith("the policy chose task 7 for spoke 1, which is no task of this run\n"),
                e.getMessage());
    }

    @Test
    void aLateWordThatAJoinedSpokeBootsChangesNothing() {
        // Two spokes needed: the first one held waits for the second; then the tracker's older
        // word about the first (it booted) arrives after its newer one (it joined).
        RunCore core = new RunCore(Runs.list(Runs.INTER, 2, 0), tasks(2), new ListPolicy(), 0);
        assertEquals(List.of(new RunCommand.Acquire(1)), core.handle(ready(1), 0));
        core.handle(new RunEvent.SpokeBooting(new SpokeInfo(1, HUB, true, SpokeInfo.State.BOOTING, 0)), 1);
        List<RunCommand> started = core.handle(ready(2), 2);
        assertEquals(2, started.stream().filter(c -> c instanceof RunCommand.Dispatch).count(), started.toString());
    }
}
