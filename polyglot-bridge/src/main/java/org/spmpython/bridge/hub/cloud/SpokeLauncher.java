package org.spmpython.bridge.hub.cloud;

import java.io.IOException;
import java.nio.file.Path;

import org.spmpython.bridge.spoke.SpokeOptions;

/**
 * One way of starting a spoke (DESIGN §13): a process of its own, a thread of the hub's JVM;
 * an ssh session or a Slurm step (hub.cloud.remote); later a warm spoke of a persistent cloud. Whatever the way, the spoke
 * joins the tracker like any other, so the hub's runs need not know how it was started.
 */
public interface SpokeLauncher {
    /**
     * Starts a spoke; returns once the tracker can be told of it ({@link LocalSpoke#pid()}).
     *
     * @param name the spoke's slot, for people (thread names, logs)
     * @param log where its output goes
     * @throws IOException when it cannot be started
     */
    LocalSpoke launch(String name, SpokeOptions options, Path log) throws IOException;

    /** The spoke's parent: spoke processes die with the hub (-1 for spokes that need not be told). */
    long parentPid();
}
