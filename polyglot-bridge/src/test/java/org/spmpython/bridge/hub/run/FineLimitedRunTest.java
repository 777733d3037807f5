package org.spmpython.bridge.hub.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spmpython.bridge.hub.run.FakeSpokes.HUB;
import static org.spmpython.bridge.hub.run.Runs.INTER;
import static org.spmpython.bridge.hub.run.Runs.LIST;
import static org.spmpython.bridge.hub.run.Runs.tasks;
import static org.spmpython.bridge.wire.TaskStatus.DONE;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code macro.pinterp.*.grainFineLimited.policyA} (DESIGN §4c) through {@link RunLoop} on {@link FakeSpokes}. */
class FineLimitedRunTest {
    private static final RunSpec FINE_LIST = new RunSpec(Manager.LIST_FINE_LIMITED, INTER, 0, 0, 30, 0);
    private final FakeSpokes fake = new FakeSpokes();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTasksMessageReachesTheHubAndTheReplyReachesThatTask() {
        int a = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, FINE_LIST, tasks(2));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1"), run.take());
        fake.message(a, "hello");
        run.deliver();
        assertEquals(List.of("forward from t0"), run.take());
        RunCommand.Forward f = (RunCommand.Forward) run.commands().get(2);
        assertEquals("hello", new String(f.body(), StandardCharsets.UTF_8));
        assertEquals(1, run.last().messages().size(), "the poll hands the message to Python");

        run.loop.reply(f.key(), bytes("hi"));
        assertEquals(List.of("deliver to 1"), run.take());
        assertTrue(fake.log().contains("deliver key " + f.key() + " to 1"), fake.log().toString());
    }

    @Test
    void aReplyForATaskThatEndedIsDroppedAtTheHubNotGivenToTheNextTaskOnItsSpoke() {
        int a = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, FINE_LIST, tasks(2));
        run.take();
        fake.message(a, "slow question");
        run.deliver();
        long firstKey = ((RunCommand.Forward) run.commands().get(2)).key();
        run.take();
        fake.finish(a, DONE);
        run.deliver();
        assertEquals(List.of("report t0 done on 1", "dispatch t1 to 1"), run.take());

        run.loop.reply(firstKey, bytes("too late"));
        assertEquals(List.of(), run.take(), "the reply was meant for t0, which ended");
        assertTrue(fake.log().stream().noneMatch(l -> l.startsWith("deliver")), fake.log().toString());
    }

    @Test
    void aCoarseGrainRunIgnoresMessages() {
        int a = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, LIST, tasks(1));
        run.take();
        fake.message(a, "not enabled");
        run.deliver();
        assertEquals(List.of(), run.take());
        assertEquals(0, run.last().messages().size());
    }

    @Test
    void aTemplateCopyTalksToTheHubToo() {
        int a = fake.join(HUB, true);
        int b = fake.join(HUB, true);
        RunHarness run = RunHarness.start(fake, new RunSpec(Manager.TEMPLATE_FINE_LIMITED, INTER, 0, 0, 30, 0), tasks(1));
        assertEquals(List.of("acquire 1", "dispatch t0 to 1", "acquire 2", "dispatch t1 to 2"), run.take());
        fake.message(b, "from copy 1");
        fake.message(a, "from copy 0");
        run.deliver();
        assertEquals(List.of("forward from t1", "forward from t0"), run.take(), "in the order they came");
    }
}
