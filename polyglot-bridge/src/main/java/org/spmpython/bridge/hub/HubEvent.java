package org.spmpython.bridge.hub;

import org.spmpython.bridge.hub.run.TaskReport;

/**
 * Everything that happens at the hub that someone may want to see or act on: the one event
 * stream ({@link HubEvents}) that the log, a run's progress line, a run's own view of its spokes
 * and, later, the live view subscribe to.
 */
public sealed interface HubEvent {

    /** A cloud launched a spoke; it is booting until it joins. */
    record SpokeBooting(SpokeView spoke) implements HubEvent {
    }

    /** A spoke proved the secret and can take work. */
    record SpokeJoined(SpokeView spoke) implements HubEvent {
    }

    /** A spoke started work that no run gave it (an evaluation). */
    record SpokeBusy(SpokeView spoke) implements HubEvent {
    }

    /** A spoke finished work that no run gave it, and is idle. */
    record SpokeIdle(SpokeView spoke) implements HubEvent {
    }

    /** A spoke said it is going (a task it cannot stop); it is lost next. */
    record SpokeLeft(SpokeView spoke, String why) implements HubEvent {
    }

    /**
     * A spoke is gone for good.
     *
     * @param silent it stopped heartbeating (rather than closing, exiting or being ended)
     */
    record SpokeLost(SpokeView spoke, String why, boolean silent) implements HubEvent {
    }

    /**
     * The tracker closed a connection that broke the rules (a wrong secret, garbage, silence).
     *
     * @param peer who it was (a spoke's id and address, or an address)
     * @param expected the hub was telling its spokes to exit: they may reset their connections as they go
     */
    record ConnectionRefused(String peer, String why, boolean expected) implements HubEvent {
    }

    /** A task manager came online. */
    record RunOnline(long runId, String manager, int tasks) implements HubEvent {
    }

    /** A run holds this spoke. */
    record SpokeAcquired(long runId, int spokeId) implements HubEvent {
    }

    /** A task went to a spoke. */
    record TaskDispatched(long runId, int task, int spokeId) implements HubEvent {
    }

    /** A task's one report. */
    record TaskReported(long runId, TaskReport report) implements HubEvent {
    }

    /** A run no longer holds this spoke. */
    record SpokeReleased(long runId, int spokeId) implements HubEvent {
    }

    /**
     * A task manager went offline.
     *
     * @param aborted a hub callback raised: its unreported tasks get no report (DESIGN §6)
     */
    record RunOffline(long runId, int done, int failed, boolean aborted) implements HubEvent {
        public RunOffline(long runId, int done, int failed) {
            this(runId, done, failed, false);
        }
    }

    /** Something people should read (the cloud cannot start a spoke, gives up a slot...). */
    record Notice(String source, String message) implements HubEvent {
    }
}
