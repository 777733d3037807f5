package org.spmpython.bridge.hub.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spmpython.bridge.hub.run.FakeSpokes.HUB;
import static org.spmpython.bridge.hub.run.Runs.INTER_ONE_PER_SERVER;
import static org.spmpython.bridge.hub.run.Runs.INTRA;
import static org.spmpython.bridge.hub.run.Runs.TEMPLATE;
import static org.spmpython.bridge.hub.run.Runs.tasks;
import static org.spmpython.bridge.wire.TaskStatus.DONE;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code macro.*.template.grainCoarse.policyA} through {@link RunLoop} on {@link FakeSpokes}. */
class TemplateRunTest {
    private final FakeSpokes fake = new FakeSpokes();

    private RunHarness start(RunSpec spec) {
        return RunHarness.start(fake, spec, tasks(1));
    }

    @Test
    void oneCopyPerSpokeOfThePoolBootingOnesIncluded() {
        fake.join(HUB, true);
        fake.join("s1", false);
        int c = fake.boot(HUB, true);
        fake.boot("s2", false);
        RunHarness run = start(TEMPLATE);
        assertEquals(4, run.loop.size());
        assertEquals(List.of("acquire 1", "dispatch t0 to 1", "acquire 2", "dispatch t1 to 2"), run.take());
        fake.ready(c);
        run.deliver();
        assertEquals(List.of("acquire 3", "dispatch t2 to 3"), run.take());
    }

    @Test
    void theCopiesFollowThePoolRule() {
        fake.join(HUB, true);
        fake.join(HUB, true);
        fake.join("s1", true);
        fake.busy(fake.join("s1", true));
        assertEquals(2, start(new RunSpec(Manager.TEMPLATE, INTER_ONE_PER_SERVER, 0, 0, 30, 0)).loop.size());
    }

    @Test
    void theCopiesAreCappedByNSpokesMax() {
        fake.join(HUB, true);
        fake.join(HUB, true);
        fake.join(HUB, true);
        RunHarness run = start(new RunSpec(Manager.TEMPLATE, INTRA, 0, 2, 30, 0));
        assertEquals(2, run.loop.size());
        assertEquals(List.of("acquire 1", "dispatch t0 to 1", "acquire 2", "dispatch t1 to 2"), run.take());
    }

    @Test
    void aTemplateWithNoSpokeYetHasOneCopy() {
        RunHarness run = start(TEMPLATE);
        assertEquals(1, run.loop.size());
        fake.join("s1", false);
        run.deliver();
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());
    }

    @Test
    void aSpokeRunsAtMostOneCopy() {
        int a = fake.join(HUB, true);
        int b = fake.boot(HUB, true);
        RunHarness run = start(TEMPLATE);
        assertEquals(2, run.loop.size());
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1"), run.take());

        fake.ready(b);
        run.deliver();
        assertEquals(List.of("acquire 2", "dispatch t1 to 2"), run.take());
        fake.finish(b, DONE);
        run.deliver();
        assertEquals(List.of("report t1 done on 2", "release 1", "release 2"), run.take());
        assertTrue(run.last().finished());
    }

    @Test
    void aLateSpokeTakesAPendingCopy() {
        int a = fake.join(HUB, true);
        fake.busy(fake.join(HUB, true)); // counted, but busy with work of its own for now
        RunHarness run = start(TEMPLATE);
        assertEquals(2, run.loop.size());
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1"), run.take());

        int c = fake.join("s1", false);
        run.deliver();
        assertEquals(List.of("acquire " + c, "dispatch t1 to " + c), run.take());
    }
}
