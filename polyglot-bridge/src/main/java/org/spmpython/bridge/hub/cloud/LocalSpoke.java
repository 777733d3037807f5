package org.spmpython.bridge.hub.cloud;

import java.util.concurrent.CompletableFuture;

/** A spoke a {@link SpokeLauncher} started: a process of its own ({@link SpokeProcess}) or a thread of the hub's JVM ({@link SpokeThread}). */
public interface LocalSpoke {
    /**
     * What the tracker knows it by until it joins: a process id, a thread's kernel id, or for a
     * spoke started over ssh or srun a launch id it reports when it joins.
     */
    long pid();

    /** The tracker knows of the spoke now: a spoke thread waits for this before it joins. */
    default void registered() {
    }

    /** Completes, with how it ended (for the tracker's report), once the spoke has ended. */
    CompletableFuture<String> ended();

    /**
     * Once it ended: ends what its tasks started that outlived it (a spoke killed with -9 could
     * not end its descendants; they came to the hub, a subreaper).
     */
    default void endOrphans() {
    }

    /**
     * Once it ended: why the place it was started at cannot be reached (an SSH host that refused
     * before the spoke joined, a Slurm job that ended), so that no other spoke is started there;
     * null when another try may do.
     *
     * @param joined it had joined the tracker before it ended
     */
    default String unreachable(boolean joined) {
        return null;
    }

    /** Asks the spoke to end (SIGTERM for a process), giving it a moment to clean up. */
    void stop();

    /** Ends the spoke now. */
    void kill();

    /** Waits up to {@code millis} for the spoke to be gone (a process exited, a thread's context closed); true when it is. */
    boolean awaitEnd(long millis) throws InterruptedException;
}
