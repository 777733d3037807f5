package org.spmpython.bridge.hub.run;

/**
 * Who hears what a run does, as it does it (the hub's event stream: the progress line, the log,
 * the live view). Called on the interpreter thread; must return at once.
 */
public interface RunObserver {
    /** The run came online with this many tasks. */
    default void online(long runId, Manager manager, int tasks) {
    }

    /** The run carried out one of its commands. */
    default void executed(long runId, RunCommand command) {
    }

    /** The run went offline: every task reported, every spoke released. */
    default void offline(long runId, RunCore core) {
    }
}
