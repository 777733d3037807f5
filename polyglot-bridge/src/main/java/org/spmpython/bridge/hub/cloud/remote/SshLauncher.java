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
 * Spokes on an SSH host ({@code --spokes ssh:HOST[:N]}): {@code ssh -o BatchMode=yes -T HOST --
 * <remote command> spoke ... --secret-file - --launch-id ID}, the secret over the channel's stdin.
 * ssh is {@code $SPM_SSH_COMMAND} when set (its words, e.g. {@code ssh -F my_config}), and
 * the user's ssh config applies as for any ssh. docs/CLUSTER.md.
 */
public final class SshLauncher implements SpokeLauncher {
    /** The variable naming the ssh command (words split on blanks), as git's GIT_SSH_COMMAND. */
    public static final String SSH_COMMAND_VARIABLE = "SPM_SSH_COMMAND";
    /** ssh's status when it could not connect or authenticate (else the remote command's). */
    private static final int SSH_FAILED = 255;

    private final String host;
    private final List<String> ssh;
    private final String remoteCommand;
    private final HostPort hub;
    private final Secret secret;

    /**
     * @param host as ssh takes it (an alias of the ssh config, user@host)
     * @param remoteCommand the spm-python command there, a shell word or words ({@code --remote-command})
     * @param hub the hub's tracker as the host reaches it
     */
    public SshLauncher(String host, String sshCommand, String remoteCommand, HostPort hub, Secret secret) {
        this.host = host;
        this.ssh = List.of(sshCommand.strip().split("\\s+"));
        this.remoteCommand = remoteCommand;
        this.hub = hub;
        this.secret = secret;
    }

    /** The ssh command: {@code $SPM_SSH_COMMAND}, else {@code ssh}. */
    public static String sshCommand() {
        String given = System.getenv(SSH_COMMAND_VARIABLE);
        return given == null || given.isBlank() ? "ssh" : given;
    }

    @Override
    public LocalSpoke launch(String name, SpokeOptions options, Path log) throws IOException {
        long id = ChannelSpoke.nextLaunchId();
        List<String> spoke = SpokeCommand.command("spm-python", options.reaching(hub).overChannel(id));
        StringBuilder remote = new StringBuilder(remoteCommand);
        for (String word : spoke.subList(1, spoke.size())) {
            remote.append(' ').append(Shell.quote(word));
        }
        List<String> command = new ArrayList<>(ssh);
        command.addAll(List.of("-o", "BatchMode=yes", "-T", host, "--", remote.toString()));
        return ChannelSpoke.start(command, id, secret, "ssh to " + host, log, (status, last, joined) -> joined || status != SSH_FAILED ? null
                : "cannot reach ssh host " + host + (last.isEmpty() ? "" : " (" + last + ")"));
    }

    @Override
    public long parentPid() {
        return -1; // another machine: the channel's end ends it
    }
}
