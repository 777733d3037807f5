package org.spmpython.bridge.run;

import org.spmpython.bridge.transport.SpokeView;

/**
 * Which spokes a run may use (Python's {@code pool.Pool}, resolved here as spokes come and go).
 *
 * @param interServer spokes of every server, or only of the hub's
 * @param onePerServer at most one spoke of each server
 * @param hubServer the hub's server name
 */
public record PoolSpec(boolean interServer, boolean onePerServer, String hubServer) {
    boolean admits(SpokeView spoke) {
        return interServer || spoke.serverName().equals(hubServer);
    }
}
