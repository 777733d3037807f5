package org.spmpython.bridge.hub.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.spmpython.bridge.spoke.SpokeCommand;
import org.spmpython.bridge.spoke.SpokeOptions;
import org.spmpython.natives.Posix;

/** Spokes as processes of their own: {@code spm-python spoke ... --parent <hub pid>} ({@link SpokeCommand}). */
public final class ProcessLauncher implements SpokeLauncher {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String executable;

    /** @param executable the spm-python command */
    public ProcessLauncher(String executable) {
        this.executable = executable;
    }

    @Override
    public LocalSpoke launch(String name, SpokeOptions options, Path log) throws IOException {
        return SpokeProcess.start(inSessionOfItsOwn(SpokeCommand.command(executable, options)), log);
    }

    /**
     * The command run by setsid(1), which execs it in a session and process group of its own
     * (the same pid: a child of the JVM leads no group, so setsid does not fork). The terminal's
     * Ctrl-C and Ctrl-Z then reach the hub alone: the hub answers Ctrl-C for its runs, and a
     * stopped hub's spokes go on (they die with it all the same: parent-death signal, heartbeats).
     */
    static List<String> inSessionOfItsOwn(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> words = new ArrayList<>(command.size() + 1);
        words.add(SETSID.toString());
        words.addAll(command);
        return words;
    }

    @Override
    public long parentPid() {
        return Posix.pid();
    }
}
