package org.spmpython.bridge.spoke;

/**
 * How a spoke ends when it must (the hub is gone, or a task cannot be stopped): a spoke process
 * halts its JVM; a spoke in the hub's JVM closes its context, and its thread ends.
 */
@FunctionalInterface
public interface SpokeExit {
    /**
     * Ends the spoke. A spoke process does not return from this.
     *
     * @param why what ended it, for the spoke's log
     * @param status 0 for an end the hub asked for, else the spoke failed
     */
    void now(String why, int status);
}
