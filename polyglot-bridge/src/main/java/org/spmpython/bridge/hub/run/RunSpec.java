package org.spmpython.bridge.hub.run;

/**
 * A task manager's run, as {@code stage0.event.manage(...)} asked for it.
 *
 * @param manager which kind of task manager (its policy)
 * @param pool which spokes it may use
 * @param minSpokes nSpokesMin: dispatching starts once this many are held (0: 1); the run fails
 *     if fewer are ready or booting in the hub's own cloud when waitForSpokesSeconds is up
 * @param maxSpokes nSpokesMax: at most this many spokes (0: no limit)
 * @param waitForSpokesSeconds timeoutWaitForSpokes
 * @param executionSeconds timeoutExecution: the whole run's limit (0: none)
 * @param maxQueue the most of the run's tasks a spoke holds at once (1: one at a time; more:
 *     pipelined, the {@link Window} adapting to the tasks' length within it)
 */
public record RunSpec(Manager manager, Pool pool, int minSpokes, int maxSpokes, double waitForSpokesSeconds,
        double executionSeconds, int maxQueue) {

    /** What a spoke holds of a run at most unless told: enough to hide the round trip of small tasks. */
    public static final int PIPELINED = 32;

    public RunSpec {
        if (maxQueue < 1) {
            throw new IllegalArgumentException("a spoke holds at least one task at a time, not " + maxQueue);
        }
    }

    /** A run whose spokes take one task at a time. */
    public RunSpec(Manager manager, Pool pool, int minSpokes, int maxSpokes, double waitForSpokesSeconds,
            double executionSeconds) {
        this(manager, pool, minSpokes, maxSpokes, waitForSpokesSeconds, executionSeconds, 1);
    }

    /** The spokes a run needs before it gives out tasks. */
    int neededSpokes() {
        return Math.max(1, minSpokes);
    }

    boolean full(int held) {
        return maxSpokes > 0 && held >= maxSpokes;
    }
}
