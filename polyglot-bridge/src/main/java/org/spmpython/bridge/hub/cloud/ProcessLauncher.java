package org.spmpython.bridge.hub.cloud;

import java.io.IOException;
import java.nio.file.Path;

import org.spmpython.bridge.spoke.SpokeCommand;
import org.spmpython.bridge.spoke.SpokeOptions;
import org.spmpython.natives.Posix;

/** Spokes as processes of their own: {@code spm-python spoke ... --parent <hub pid>} ({@link SpokeCommand}). */
public final class ProcessLauncher implements SpokeLauncher {
    private final String executable;

    /** @param executable the spm-python command */
    public ProcessLauncher(String executable) {
        this.executable = executable;
    }

    @Override
    public LocalSpoke launch(String name, SpokeOptions options, Path log) throws IOException {
        return SpokeProcess.start(SpokeCommand.command(executable, options), log);
    }

    @Override
    public long parentPid() {
        return Posix.pid();
    }
}
