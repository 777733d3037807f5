/**
 * Who starts spokes (DESIGN §13): a {@link org.spmpython.bridge.hub.cloud.SpokeLauncher} per way
 * — {@link org.spmpython.bridge.hub.cloud.ProcessLauncher} (a process of its own, its command line
 * written by {@link org.spmpython.bridge.spoke.SpokeCommand}) and {@link
 * org.spmpython.bridge.hub.cloud.ThreadLauncher} (a {@link org.spmpython.bridge.hub.cloud.SpokeThread}
 * of the hub's JVM), SSH and Slurm in {@code hub.cloud.remote} (docs/CLUSTER.md) — and the {@link
 * org.spmpython.bridge.hub.cloud.LocalCloud} that keeps its slots (each a launcher, a server name
 * and a core), relaunching a spoke that dies
 * and giving up a slot that keeps crashing. {@link org.spmpython.bridge.hub.cloud.SpokePlan} reads
 * {@code --spokes}. {@link org.spmpython.bridge.hub.cloud.TaskOutput} shows what the spokes print at
 * the hub, line by line, each with its spoke, following the slots' logs (docs/task-output.md).
 *
 * <p>May use: {@code hub} (the tracker is told of each launch and end; the event stream),
 * {@code spoke} (a spoke thread runs a spoke), {@code python}, {@code wire}, the native library.
 */
package org.spmpython.bridge.hub.cloud;
