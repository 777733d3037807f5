package org.spmpython.launcher;

import java.time.Duration;

/** The hub's command-line options, checked: {@code --spokes}, {@code --listen}, {@code --lost-after}. */
record HubOptions(SpokePlan plan, HostPort listen, Duration lostAfter) {
    /** The environment variable that gives {@code --spokes} its default. */
    static final String SPOKES_VARIABLE = "SPM_SPOKES";

    static HubOptions of(CommandLine line) throws UsageException {
        String spokes = line.has(Option.SPOKES) ? line.value(Option.SPOKES) : System.getenv(SPOKES_VARIABLE);
        HostPort listen = line.has(Option.LISTEN) ? HostPort.parse(line.value(Option.LISTEN), "--listen") : null;
        return new HubOptions(SpokePlan.parse(spokes), listen, seconds(line.value(Option.LOST_AFTER), "--lost-after"));
    }

    static Duration seconds(String value, String option) throws UsageException {
        try {
            double s = Double.parseDouble(value);
            if (s > 0 && s <= 3600) {
                return Duration.ofMillis((long) (s * 1000));
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new UsageException(option + " takes seconds (more than 0, at most 3600), not '" + value + "'");
    }
}
