package org.spmpython.bridge.run;

/**
 * The one status report of one task, for Python.
 *
 * @param index the task's position in the run
 * @param status "done", "load", "eval" or "dropped" (TaskStatus)
 * @param payload the task's handle after evaluation, as Latin-1 text of its packed bytes (""
 *     when it never came back: Python then reports the handle as pushed)
 * @param error why it did not finish normally, or ""
 * @param spokeId the spoke it ran on, or -1
 * @param serverName that spoke's server, or ""
 */
public record TaskReport(int index, String status, String payload, String error, int spokeId, String serverName) {
}
