package org.spmpython.bridge.hub.run;

/**
 * What a run asks to be done (DESIGN §4a: the instructions its state machine returns). {@link
 * RunLoop} carries them out: on the {@link Spokes}, or by handing reports to Python.
 */
public sealed interface RunCommand {

    /** The run holds this spoke from now on: no other run may use it. */
    record Acquire(int spokeId) implements RunCommand {
    }

    /**
     * Give the spoke this task.
     *
     * @param key unique among the run's dispatches: the spoke's answer and messages carry it back
     */
    record Dispatch(int spokeId, int task, long key, TaskSpec spec) implements RunCommand {
    }

    /**
     * Hand the hub's callback a message a running task sent (fine grain: its closure's stage5Cb).
     *
     * @param key the task's dispatch: a reply names it ({@link RunEvent.Reply})
     */
    record Forward(int task, long key, byte[] body) implements RunCommand {
    }

    /** Send a running task a message (fine grain). */
    record Deliver(int spokeId, long key, byte[] body) implements RunCommand {
    }

    /** End the spoke (the cloud relaunches its own): its state is not to be trusted, or it was asked for. */
    record EndSpoke(int spokeId, String why) implements RunCommand {
    }

    /** A task's one status report, for the hub's callback. */
    record Report(TaskReport report) implements RunCommand {
    }

    /** The run no longer holds this spoke. */
    record Release(int spokeId) implements RunCommand {
    }
}
