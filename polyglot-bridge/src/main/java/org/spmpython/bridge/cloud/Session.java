package org.spmpython.bridge.cloud;

import java.time.Duration;

import org.spmpython.bridge.wire.Secret;

/**
 * A session attached to the cloud: where its tracker is, its secret, how many spokes it wants.
 *
 * @param id the cloud's number for it (in {@code cloud status})
 * @param pid the session's process, as it says
 * @param host its tracker's host, as lent spokes reach it
 * @param port its tracker's port
 * @param secret its session secret (lent spokes prove it to its tracker)
 * @param lostAfter its heartbeat bound
 * @param wanted how many spokes it asks for at most
 */
record Session(int id, long pid, String host, int port, Secret secret, Duration lostAfter, int wanted) {
}
