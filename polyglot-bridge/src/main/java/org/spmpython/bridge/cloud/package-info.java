/**
 * The persistent cloud (DESIGN §13, docs/CLOUD.md): {@code spm-python cloud start} runs a
 * daemon ({@link CloudDaemon}) that owns a {@code LocalCloud} of warm spoke processes joined to
 * its own tracker, and a small control port ({@link ControlServer}) where this user's sessions
 * attach with the cloud's secret (HMAC, as spokes do). A session asks for spokes; the {@link
 * Lender} lends idle ones: each is told ({@code Message.Lend}) to serve the session's own tracker,
 * so the session's run path is that of any spoke, and comes back with fresh Python state when the
 * session ends or is lost. {@link CloudFolder} is the 0700 runtime folder (address, pid, secret,
 * log) by which sessions and the {@code cloud} subcommands find the daemon; {@link CloudClient}
 * is their side of the control port. The daemon's slots are made as a hub's are ({@code
 * PlanSlots}): local processes or threads, or inside a Slurm allocation the job's steps, and
 * the daemon ends when that job ends. The spokes' Python side (spm._spoke, spm._warmcode) keeps
 * compiled code of unchanged user modules across sessions.
 *
 * <p>May use: {@code hub} (its own tracker, the event stream), {@code hub.cloud} (the local cloud
 * of its spokes), {@code hub.cloud.remote} (a Slurm allocation's slots), {@code hub.view} (its dashboard), {@code spoke} (the spokes' options), {@code
 * python} (where the installation is), {@code wire}, the native library. Only the launcher uses it
 * (the {@code cloud} subcommands, a session's {@code --cloud}): it is a process of its own.
 */
package org.spmpython.bridge.cloud;
