package org.spmpython.bridge.hub.run;

import static org.spmpython.bridge.hub.run.FakeSpokes.HUB;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs and tasks, briefly, for the tests of this package. */
final class Runs {
    static final Pool INTER = new Pool(true, false, HUB);
    static final Pool INTRA = new Pool(false, false, HUB);
    static final Pool INTER_ONE_PER_SERVER = new Pool(true, true, HUB);

    /** A list run on every spoke of every server, with no limits but a 30 s wait for spokes. */
    static final RunSpec LIST = list(INTER, 0, 0);
    static final RunSpec TEMPLATE = new RunSpec(Manager.TEMPLATE, INTER, 0, 0, 30, 0);

    private Runs() {
    }

    static RunSpec list(Pool pool, int minSpokes, int maxSpokes) {
        return new RunSpec(Manager.LIST, pool, minSpokes, maxSpokes, 30, 0);
    }

    static RunSpec timed(Manager manager, double waitForSpokesSeconds, double executionSeconds) {
        return new RunSpec(manager, INTER, 0, 0, waitForSpokesSeconds, executionSeconds);
    }

    static TaskSpec task(double timeoutSeconds, boolean relaunchPre, boolean relaunchPost) {
        return new TaskSpec("task".getBytes(StandardCharsets.UTF_8), timeoutSeconds, relaunchPre, relaunchPost);
    }

    /** {@code n} tasks with no timeout. */
    static List<TaskSpec> tasks(int n) {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(task(0, false, false));
        }
        return tasks;
    }
}
