package org.spmpython.bridge.hub.run;

/** What a {@link Policy} may read of its run. */
public interface RunView {
    /** How many tasks the run has. */
    int size();

    TaskSpec task(int index);

    /** True while the task runs on a spoke. */
    boolean running(int task);

    /** How many times the task started on a spoke (was the one its spoke ran, not one queued behind it). */
    int tries(int task);

    /** The first pending task in push order, or {@link Policy#NONE}. */
    int firstPending();
}
