package org.spmpython.bridge.hub.run;

import java.util.List;
import java.util.function.Consumer;

/**
 * The port through which a run reaches its spokes: the hub's tracker implements it, and tests
 * use a fake one. A run attaches for its lifetime; the spokes' events come to its inbox (from any
 * thread), and its commands go out through the attachment.
 */
public interface Spokes {

    /** Every spoke known now that is not lost, by id. */
    List<SpokeInfo> now();

    /**
     * Attaches a run: from now on its inbox hears of every spoke's changes and of the answers and
     * messages of the tasks it dispatches; first, every spoke known now (a late duplicate is
     * harmless: {@link RunCore} takes the newest word, and a lost spoke stays lost).
     */
    Attachment attach(Consumer<RunEvent> inbox);

    /** A run's hold on the spokes, until it detaches. */
    interface Attachment {
        void acquire(int spokeId);

        void release(int spokeId);

        /**
         * Gives the spoke a task. Its answer reaches the inbox as a {@link RunEvent.TaskDone} with
         * this key; a spoke that cannot take it (lost meanwhile) reaches it as a {@link
         * RunEvent.SpokeLost}.
         */
        void dispatch(int spokeId, long key, byte[] payload, long timeoutMillis);

        /** Sends a running task a message; dropped if that task is no longer running there. */
        void deliver(int spokeId, long key, byte[] body);

        /** Ends the spoke (told to exit, its connection closed; the cloud relaunches its own). */
        void end(int spokeId, String why);

        /**
         * Sends what the dispatches and deliveries since the last flush wrote (batching: several
         * tasks to one spoke go out together, one wakeup of the network thread, not one each).
         * The run flushes before it waits for events, and after what it does between polls.
         */
        default void flush() {
        }

        /** Nothing more reaches the inbox. */
        void detach();
    }
}
