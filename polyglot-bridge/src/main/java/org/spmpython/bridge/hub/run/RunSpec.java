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
 */
public record RunSpec(Manager manager, Pool pool, int minSpokes, int maxSpokes, double waitForSpokesSeconds,
        double executionSeconds) {

    /** The spokes a run needs before it gives out tasks. */
    int neededSpokes() {
        return Math.max(1, minSpokes);
    }

    boolean full(int held) {
        return maxSpokes > 0 && held >= maxSpokes;
    }
}
