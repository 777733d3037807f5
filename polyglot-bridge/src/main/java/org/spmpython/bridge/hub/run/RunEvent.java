package org.spmpython.bridge.hub.run;

import org.spmpython.bridge.wire.TaskStatus;

/**
 * What happens to a run (DESIGN §4a: the stimuli of its state machine). The tracker's spoke
 * events and the spokes' answers arrive through {@link Spokes}; ticks and callbacks come from the
 * interpreter thread. None carries a clock: {@link RunCore#handle} is told the time with each.
 */
public sealed interface RunEvent {

    /** A spoke the run has not heard of before is booting (launched by a cloud, not yet joined). */
    record SpokeBooting(SpokeInfo spoke) implements RunEvent {
    }

    /** A spoke is idle and could take work: it joined, or finished work no run gave it. */
    record SpokeReady(SpokeInfo spoke) implements RunEvent {
    }

    /** A spoke is busy with work no run gave it (an evaluation). */
    record SpokeBusy(int spokeId) implements RunEvent {
    }

    /** A spoke said it is going (its task cannot be stopped): nothing more goes its way. */
    record SpokeLeaving(int spokeId, String why) implements RunEvent {
    }

    /** A spoke is gone for good (its connection closed, it went silent, its process ended). */
    record SpokeLost(int spokeId, String why) implements RunEvent {
    }

    /**
     * A spoke answered a task the run gave it.
     *
     * @param key the key of that dispatch ({@link RunCommand.Dispatch#key})
     */
    record TaskDone(int spokeId, long key, TaskStatus status, byte[] payload, String error) implements RunEvent {
    }

    /** A running task sent the hub a message (fine grain). */
    record TaskMessage(int spokeId, long key, byte[] body) implements RunEvent {
    }

    /**
     * The hub's callback answered a task's message (fine grain); delivered only while that
     * dispatch still runs, else dropped here (DESIGN §4c: never to a later task on its spoke).
     */
    record Reply(long key, byte[] body) implements RunEvent {
    }

    /** Time passed: timeouts are checked. */
    record Tick() implements RunEvent {
    }

    /** The hub's status callback raised: the run ends now, its spokes with it (DESIGN §6). */
    record CallbackRaised(String why) implements RunEvent {
    }
}
