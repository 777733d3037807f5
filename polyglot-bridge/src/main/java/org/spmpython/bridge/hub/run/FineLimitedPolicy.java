package org.spmpython.bridge.hub.run;

import java.util.List;

import org.spmpython.bridge.wire.TaskStatus;

/**
 * {@code macro.pinterp.*.grainFineLimited.policyA} (DESIGN §4c): the tasks go as the list's or
 * the template's do, and may talk to the hub while they run — their messages go to the hub's
 * callback, its replies back to the task that sent them (and to no other).
 */
final class FineLimitedPolicy implements Policy {
    private final Policy scheduling;

    FineLimitedPolicy(Policy scheduling) {
        this.scheduling = scheduling;
    }

    @Override
    public int next(RunView run, int spokeId) {
        return scheduling.next(run, spokeId);
    }

    @Override
    public void dispatched(int task, int spokeId) {
        scheduling.dispatched(task, spokeId);
    }

    @Override
    public void requeued(int task) {
        scheduling.requeued(task);
    }

    @Override
    public boolean retryAfterLoss(RunView run, int task) {
        return scheduling.retryAfterLoss(run, task);
    }

    @Override
    public TaskSpec outgoing(RunView run, int task) {
        return scheduling.outgoing(run, task);
    }

    @Override
    public List<Drop> reported(RunView run, int task, TaskStatus status, byte[] payload, String error) {
        return scheduling.reported(run, task, status, payload, error);
    }

    @Override
    public boolean takesMessages() {
        return true;
    }
}
