/**
 * Spokes on other machines, started by the hub over the engines users already run (DESIGN §13,
 * docs/CLUSTER.md): {@link org.spmpython.bridge.hub.cloud.remote.SshLauncher} ({@code --spokes
 * ssh:HOST[:N]}) and {@link org.spmpython.bridge.hub.cloud.remote.SlurmLauncher} (steps of the
 * {@link org.spmpython.bridge.hub.cloud.remote.SlurmAllocation} the hub runs in). Each spoke is a
 * {@link org.spmpython.bridge.hub.cloud.remote.ChannelSpoke}: a local ssh or srun process whose
 * stdin carries the secret and stays open as the spoke's lifeline. They are slots of the hub's
 * {@link org.spmpython.bridge.hub.cloud.LocalCloud} like any, relaunched alike.
 *
 * <p>May use: {@code hub.cloud} (the launcher port), {@code spoke} (the spoke's command line), {@code wire}.
 */
package org.spmpython.bridge.hub.cloud.remote;
