package org.spmpython.bridge.hub.cloud.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.spmpython.bridge.hub.cloud.LocalSpoke;
import org.spmpython.bridge.hub.cloud.SpokeLauncher;
import org.spmpython.bridge.spoke.SpokeCommand;
import org.spmpython.bridge.spoke.SpokeOptions;
import org.spmpython.bridge.wire.HostPort;
import org.spmpython.bridge.wire.Secret;

/**
 * Spokes as steps of the Slurm allocation the hub runs in ({@code --spokes slurm[:N]}, the default
 * inside one): each spoke is a step of its own, one task on one CPU of one node, {@code srun
 * --nodes=1 --ntasks=1 --cpus-per-task=1 --exact --nodelist=NODE ...}, so that a spoke that dies is
 * relaunched as a new step while the others go on. The secret goes over srun's stdin (to the
 * task's stdin); Slurm ends the steps with the job, and the end of srun (the hub ending them)
 * ends the spoke through its stdin. docs/CLUSTER.md.
 */
public final class SlurmLauncher implements SpokeLauncher {
    private final String node;
    private final String executable;
    private final HostPort hub;
    private final Secret secret;
    private final SlurmJob job;

    /**
     * @param node the node this slot's steps run on
     * @param executable the spm-python command on the nodes (a shared file system: the hub's own)
     * @param job the allocation's job, watched for its end
     */
    public SlurmLauncher(String node, String executable, HostPort hub, Secret secret, SlurmJob job) {
        this.node = node;
        this.executable = executable;
        this.hub = hub;
        this.secret = secret;
        this.job = job;
    }

    @Override
    public LocalSpoke launch(String name, SpokeOptions options, Path log) throws IOException {
        long id = ChannelSpoke.nextLaunchId();
        List<String> command = new ArrayList<>(List.of("srun", "--nodes=1", "--ntasks=1", "--cpus-per-task=1",
                "--exact", "--nodelist=" + node, "--job-name=spm-spoke", "--kill-on-bad-exit=1", "--quiet"));
        command.addAll(SpokeCommand.command(executable, options.reaching(hub).overChannel(id)));
        return ChannelSpoke.start(command, id, secret, "srun on " + node, log, (status, last, joined) -> job.ended());
    }

    @Override
    public long parentPid() {
        return -1; // its stdin, srun's, is its lifeline
    }
}
