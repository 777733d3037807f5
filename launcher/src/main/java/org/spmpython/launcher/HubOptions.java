package org.spmpython.launcher;

import java.time.Duration;

import org.spmpython.bridge.hub.cloud.SpokePlan;
import org.spmpython.bridge.spoke.SpokeCommand;
import org.spmpython.bridge.wire.HostPort;

/**
 * The hub's command-line options, checked: {@code --spokes}, {@code --listen}, {@code
 * --lost-after}, {@code --dashboard} (and {@code -q}, which silences its URL), and those of
 * python's that its spokes share ({@code --legacy}, {@code -v}, {@code -B}, {@code
 * --no-shared-fs}: DESIGN §2, a spoke runs the hub's code as the hub would).
 */
record HubOptions(SpokePlan plan, HostPort listen, Duration lostAfter, String legacyMode, boolean verbose,
        boolean writeBytecode, boolean sharedFileSystem, HostPort dashboard, boolean quiet) {
    /** The environment variable that gives {@code --spokes} its default. */
    static final String SPOKES_VARIABLE = "SPM_SPOKES";

    static HubOptions of(CommandLine line) throws UsageException {
        String spokes = line.has(Option.SPOKES) ? line.value(Option.SPOKES) : System.getenv(SPOKES_VARIABLE);
        try {
            return new HubOptions(SpokePlan.parse(spokes),
                    line.has(Option.LISTEN) ? HostPort.parse(line.value(Option.LISTEN), "--listen") : null,
                    SpokeCommand.seconds(line.value(Option.LOST_AFTER), "--lost-after"),
                    line.value(Option.LEGACY), line.has(Option.VERBOSE), !line.has(Option.NO_BYTECODE),
                    !line.has(Option.NO_SHARED_FS),
                    line.has(Option.DASHBOARD) ? HostPort.parse(line.value(Option.DASHBOARD), "--dashboard") : null,
                    line.has(Option.QUIET));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
