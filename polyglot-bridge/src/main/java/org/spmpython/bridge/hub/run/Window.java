package org.spmpython.bridge.hub.run;

/**
 * How many of a run's tasks a spoke holds at once (pipelining, DESIGN §4a): enough queued work to
 * cover the round trip of a report and the next dispatch for small tasks, one at a time for long
 * ones, so that no spoke hoards long tasks while another idles. It follows the tasks' turnaround on
 * the spokes (from becoming a spoke's running task to its report), a moving average over the run.
 *
 * <p>It starts at one (nothing is known of the tasks: a long first task is never queued behind),
 * and grows to about {@link #QUEUED_SECONDS} of queued work per spoke, at most the run's limit.
 */
final class Window {
    /**
     * The queued work per spoke aimed at: the longest a spoke's queue can keep another spoke idle
     * at the end. 50 ms unless {@code -Dspm.run.queuedMillis} says otherwise (the fault tests
     * queue deep on a loaded machine, where 50 ms is a task or two).
     */
    static final double QUEUED_SECONDS = Math.max(0, Integer.getInteger("spm.run.queuedMillis", 50)) / 1000.0;
    /** The weight of the newest turnaround in the average. */
    private static final double NEWEST = 0.2;

    private final int limit;
    private double turnaroundSeconds = -1;
    private int size = 1;

    /** @param limit the most a spoke holds at once (1: no pipelining) */
    Window(int limit) {
        this.limit = limit;
    }

    /** How many tasks a spoke may hold now. */
    int size() {
        return size;
    }

    /** A spoke reported the task it ran, {@code nanos} after it became its running task. */
    void took(long nanos) {
        if (limit == 1) {
            return;
        }
        double seconds = Math.max(0, nanos / 1e9);
        turnaroundSeconds = turnaroundSeconds < 0 ? seconds : NEWEST * seconds + (1 - NEWEST) * turnaroundSeconds;
        double fits = QUEUED_SECONDS / Math.max(turnaroundSeconds, 1e-6);
        size = (int) Math.max(1, Math.min(limit, 1 + Math.floor(fits)));
    }
}
