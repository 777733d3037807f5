package org.spmpython.bridge.hub.run;

import org.spmpython.bridge.wire.TaskStatus;

/**
 * The one status report of one task.
 *
 * @param task the task's index in the run
 * @param status how it ended
 * @param payload the task's handle after evaluation, packed by the spoke's Python; empty when it
 *     never came back (Python then reports the handle as pushed)
 * @param error why it did not finish normally (a remote traceback, or the hub's reason), or ""
 * @param spokeId the spoke it ran on, or -1 when it never started
 * @param serverName that spoke's server, or ""
 * @param tries how many times it started on a spoke: 0 when it never did, more than 1 when its
 *     spokes were lost and it went again (policyB)
 */
public record TaskReport(int task, TaskStatus status, byte[] payload, String error, int spokeId, String serverName,
        int tries) {

    /** A report of a task that ran once (or, with no spoke, never). */
    public TaskReport(int task, TaskStatus status, byte[] payload, String error, int spokeId, String serverName) {
        this(task, status, payload, error, spokeId, serverName, spokeId < 0 ? 0 : 1);
    }
}
