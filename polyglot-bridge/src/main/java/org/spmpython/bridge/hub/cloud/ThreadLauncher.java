package org.spmpython.bridge.hub.cloud;

import java.io.IOException;
import java.nio.file.Path;

import org.spmpython.bridge.spoke.SpokeOptions;

/** Spokes on threads of the hub's JVM ({@link SpokeThread}): ready in a fraction of a second. */
public final class ThreadLauncher implements SpokeLauncher {
    @Override
    public LocalSpoke launch(String name, SpokeOptions options, Path log) throws IOException {
        return SpokeThread.start("spm-spoke-" + name, options, log);
    }

    @Override
    public long parentPid() {
        return -1; // a thread ends with its JVM
    }
}
