package org.spmpython.bridge.hub.run;

/**
 * What a run knows of a spoke when it hears of it: enough to decide whether the run may take it
 * (its server, against the run's {@link Pool}) and whether it is fresh (relaunchPre).
 *
 * @param id the spoke's identity for this hub session (never reused)
 * @param serverName the server it runs on
 * @param local launched by the hub's own cloud (a booting local spoke will come)
 * @param state where it is now
 * @param tasksRun tasks it was given so far, by any run
 */
public record SpokeInfo(int id, String serverName, boolean local, State state, int tasksRun) {
    /** A spoke's state as a run sees it (a lost spoke is an event of its own, never a state here). */
    public enum State {
        /** Launched, not yet able to take work. */
        BOOTING,
        /** Joined and waiting for work. */
        IDLE,
        /** Doing work a run did not give it (an evaluation). */
        BUSY
    }
}
