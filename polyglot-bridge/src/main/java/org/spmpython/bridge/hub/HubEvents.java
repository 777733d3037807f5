package org.spmpython.bridge.hub;

import java.util.concurrent.CopyOnWriteArrayList;

import org.spmpython.bridge.hub.run.Manager;
import org.spmpython.bridge.hub.run.RunCommand;
import org.spmpython.bridge.hub.run.RunCore;
import org.spmpython.bridge.hub.run.RunObserver;

/**
 * The hub's one event stream. Published from any thread (Netty's, the cloud's, the
 * interpreter's); each listener is called on the publishing thread, so it must be quick and must
 * never block or call into Python. A listener that throws is not the publisher's problem.
 */
public final class HubEvents {
    /** Hears every event. */
    @FunctionalInterface
    public interface Listener {
        void on(HubEvent event);
    }

    /** A listener's place on the stream. */
    @FunctionalInterface
    public interface Subscription {
        void cancel();
    }

    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

    public Subscription subscribe(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void publish(HubEvent event) {
        for (Listener l : listeners) {
            try {
                l.on(event);
            } catch (RuntimeException e) {
                // A listener's bug must not stop the tracker or a run.
            }
        }
    }

    /** What runs publish here: their life, the spokes they hold, their tasks' dispatches and reports. */
    public RunObserver runs() {
        return new RunObserver() {
            @Override
            public void online(long runId, Manager manager, int tasks) {
                publish(new HubEvent.RunOnline(runId, manager.name().toLowerCase(java.util.Locale.ROOT), tasks));
            }

            @Override
            public void executed(long runId, RunCommand command) {
                switch (command) {
                    case RunCommand.Acquire c -> publish(new HubEvent.SpokeAcquired(runId, c.spokeId()));
                    case RunCommand.Dispatch c -> publish(new HubEvent.TaskDispatched(runId, c.task(), c.spokeId()));
                    case RunCommand.Report c -> publish(new HubEvent.TaskReported(runId, c.report()));
                    case RunCommand.Release c -> publish(new HubEvent.SpokeReleased(runId, c.spokeId()));
                    case RunCommand.EndSpoke c -> {
                        // the spoke's loss follows, as a tracker event
                    }
                    case RunCommand.Forward c -> {
                    }
                    case RunCommand.Deliver c -> {
                    }
                }
            }

            @Override
            public void offline(long runId, RunCore core) {
                publish(new HubEvent.RunOffline(runId, core.reported() - core.failed(), core.failed(), core.aborted()));
            }
        };
    }
}
