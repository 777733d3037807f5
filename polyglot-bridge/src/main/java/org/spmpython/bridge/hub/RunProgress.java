package org.spmpython.bridge.hub;

import java.util.HashSet;
import java.util.Set;

import org.spmpython.bridge.wire.TaskStatus;

/**
 * The live progress line's numbers for the run online now (done, failed, running, spokes), read
 * off the hub's event stream.
 */
public final class RunProgress implements HubEvents.Listener {
    /** One reading of the line. */
    public record Counts(int done, int failed, int running, int spokes) {
    }

    private long runId = -1;
    private int done;
    private int failed;
    private final Set<Integer> running = new HashSet<>();
    private final Set<Integer> spokes = new HashSet<>();

    @Override
    public synchronized void on(HubEvent event) {
        switch (event) {
            case HubEvent.RunOnline e -> {
                runId = e.runId();
                done = 0;
                failed = 0;
                running.clear();
                spokes.clear();
            }
            case HubEvent.SpokeAcquired e when e.runId() == runId -> spokes.add(e.spokeId());
            case HubEvent.SpokeReleased e when e.runId() == runId -> spokes.remove(e.spokeId());
            case HubEvent.SpokeLost e -> spokes.remove(e.spoke().id());
            case HubEvent.TaskDispatched e when e.runId() == runId -> running.add(e.task());
            case HubEvent.TaskReported e when e.runId() == runId -> {
                running.remove(e.report().task());
                if (e.report().status() == org.spmpython.bridge.wire.TaskStatus.DONE) {
                    done++;
                } else {
                    failed++;
                }
            }
            default -> {
            }
        }
    }

    public synchronized Counts counts() {
        return new Counts(done, failed, running.size(), spokes.size());
    }
}
