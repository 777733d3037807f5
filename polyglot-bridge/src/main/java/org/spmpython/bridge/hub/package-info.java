/**
 * The hub's process, its network side: the {@link org.spmpython.bridge.hub.Tracker} (a Netty
 * server accepting spokes at any time; their {@link org.spmpython.bridge.hub.SpokeRecord}s,
 * states and heartbeats; the {@link org.spmpython.bridge.hub.SourceServer} for spokes that cannot
 * see the hub's files), each spoke's connection ({@link org.spmpython.bridge.hub.HubConnection}),
 * and the hub's one event stream ({@link org.spmpython.bridge.hub.HubEvents}: spokes joined, lost
 * or left, connections refused, runs online and offline, tasks dispatched and reported), which
 * the log ({@link org.spmpython.bridge.hub.HubLog}), a run's progress line ({@link
 * org.spmpython.bridge.hub.RunProgress}) and a run's view of its spokes subscribe to. The {@link
 * org.spmpython.bridge.hub.Console} is the one writer of the hub's terminal lines and progress line. The tracker
 * is the {@link org.spmpython.bridge.hub.run.Spokes} port that runs reach their spokes through;
 * what remote spokes forward of their tasks' output is shown by {@link
 * org.spmpython.bridge.hub.ForwardedOutput} (docs/task-output.md). {@link
 * org.spmpython.bridge.hub.HubInvariants} checks the event core's invariants on the event stream
 * when the tests ask for its verdict (docs/CHAOS.md).
 *
 * <p>May use: {@code wire}, {@code hub.run} (the port it implements, the vocabulary of runs),
 * Netty. Never Python: Netty threads hand events over queues (DESIGN §2).
 */
package org.spmpython.bridge.hub;
