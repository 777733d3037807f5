package org.spmpython.bridge.cloud;

import java.time.Duration;

import org.spmpython.bridge.hub.cloud.SpokePlan;
import org.spmpython.bridge.wire.HostPort;

/**
 * What a cloud is started with ({@code spm-python cloud start ...}).
 *
 * @param plan its spokes ({@code --spokes}, default one process per core)
 * @param listen its control port ({@code --listen}, default 127.0.0.1 and any free port); its
 *     tracker listens on the same host
 * @param dashboard where its live view listens, or null
 * @param lostAfter its spokes' heartbeat bound ({@code --lost-after})
 * @param waitWarm {@code --wait}: start returns once every spoke is warm
 */
public record CloudOptions(SpokePlan plan, HostPort listen, HostPort dashboard, Duration lostAfter, boolean waitWarm) {
}
