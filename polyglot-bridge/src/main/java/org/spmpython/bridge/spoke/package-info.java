/**
 * The spoke's side (DESIGN §2, §4a): one {@link org.spmpython.bridge.spoke.Spoke} wherever it
 * lives — its context, its {@link org.spmpython.bridge.spoke.SpokeClient} connection to the hub,
 * and the serve loop; the {@link org.spmpython.bridge.spoke.SpokeWorker} that drives a task's
 * steps (accept, preload, evaluate, report) one by one and stops a task that passes its timeout;
 * the {@link org.spmpython.bridge.spoke.TaskMailbox} of messages for the running task; how a spoke
 * ends ({@link org.spmpython.bridge.spoke.SpokeExit}); a spoke process's main ({@link
 * org.spmpython.bridge.spoke.SpokeProcessMain}) and the one owner of its command line ({@link
 * org.spmpython.bridge.spoke.SpokeCommand}, {@link org.spmpython.bridge.spoke.SpokeOptions}). A
 * spoke process adopts the orphans of its tasks' processes and ends every descendant at each
 * task's end and at its exit; a local spoke waits for a hub stopped by Ctrl-Z (docs/PROCESSES.md).
 * A spoke whose output is in no slot log the hub follows sends it to the hub ({@link
 * org.spmpython.bridge.spoke.OutputForwarder}, docs/task-output.md).
 *
 * <p>May use: {@code python} (its context, its bindings), {@code wire}, Netty, the native
 * library. Never the hub's packages: a spoke knows its hub only through the wire.
 */
package org.spmpython.bridge.spoke;
