package org.spmpython.bridge.run;

/**
 * A task manager's run, as {@code stage0.event.manage(...)} asked for it.
 *
 * @param pool which spokes it may use
 * @param minSpokes nSpokesMin: dispatching starts once this many are acquired; the run fails if
 *     fewer are ready or booting in the hub's own cloud when waitForSpokesSeconds is up
 * @param maxSpokes nSpokesMax: at most this many spokes (0: no limit)
 * @param waitForSpokesSeconds timeoutWaitForSpokes
 * @param executionSeconds timeoutExecution: the whole run's limit (0: none)
 * @param copyPerSpoke a template run: each spoke runs at most one of the tasks (its copy)
 */
public record RunSpec(PoolSpec pool, int minSpokes, int maxSpokes, double waitForSpokesSeconds,
        double executionSeconds, boolean copyPerSpoke) {
}
