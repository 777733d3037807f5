package org.spmpython.bridge.hub.cloud.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.spmpython.bridge.hub.cloud.LocalCloud;
import org.spmpython.bridge.hub.cloud.SpokePlan;
import org.spmpython.bridge.wire.HostPort;
import org.spmpython.bridge.wire.Secret;

/** The slots of a {@link SpokePlan}: its local spokes, then each SSH host's, then the Slurm allocation's. */
public final class PlanSlots {
    private PlanSlots() {
    }

    /**
     * @param executable the hub's spm-python command (local spokes, Slurm steps on a shared file system)
     * @param remoteCommand the spm-python command on SSH hosts ({@code --remote-command})
     * @param hub the tracker as other machines reach it
     * @param serverName this server's name
     * @param jobEnded told once when the Slurm job of the hub's allocation has ended (scancel, its time limit)
     * @throws IllegalArgumentException in words: slurm outside an allocation, more spokes than it has CPUs
     */
    public static List<LocalCloud.Slot> of(SpokePlan plan, String executable, String remoteCommand, HostPort hub,
            Secret secret, String serverName, Map<String, String> env, Runnable jobEnded) {
        List<LocalCloud.Slot> slots = new ArrayList<>(
                LocalCloud.localSlots(plan.launcher(executable), plan.localSpokes(), serverName));
        for (SpokePlan.Remote remote : plan.remotes()) {
            switch (remote.via()) {
                case SSH -> {
                    SshLauncher ssh = new SshLauncher(remote.host(), SshLauncher.sshCommand(), remoteCommand, hub, secret);
                    for (int i = 0; i < remote.spokes(); i++) {
                        slots.add(new LocalCloud.Slot(ssh, remote.host(), i));
                    }
                }
                case SLURM -> {
                    SlurmAllocation allocation = SlurmAllocation.of(env);
                    List<String> cpus = allocation.cpusInTurn();
                    SlurmJob job = new SlurmJob(allocation.jobId(), jobEnded);
                    int n = remote.spokes() == 0 ? cpus.size() : remote.spokes();
                    if (n > cpus.size()) {
                        throw new IllegalArgumentException("--spokes slurm:" + n + ": job " + allocation.jobId()
                                + " has " + cpus.size() + " CPUs (one spoke each)");
                    }
                    for (int i = 0; i < n; i++) {
                        String node = cpus.get(i);
                        // Unpinned: Slurm places each step on a CPU of its own.
                        slots.add(new LocalCloud.Slot(new SlurmLauncher(node, executable, hub, secret, job), node, -1));
                    }
                }
            }
        }
        return slots;
    }
}
