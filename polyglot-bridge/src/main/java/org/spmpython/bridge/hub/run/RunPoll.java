package org.spmpython.bridge.hub.run;

import java.util.List;

/**
 * What one {@link RunLoop#poll} found: the reports that came (all of them, in the order they
 * came), and where the run is.
 *
 * @param reports the task reports since the last poll
 * @param messages the running tasks' messages since the last poll (fine grain), in order
 * @param started the run held its spokes and gave out tasks
 * @param finished every task was reported (or the run was aborted) and it is offline
 * @param failure why it could not start, or null
 * @param expired its timeoutExecution ended it
 */
public record RunPoll(List<TaskReport> reports, List<RunCommand.Forward> messages, boolean started, boolean finished, String failure, boolean expired) {
}
