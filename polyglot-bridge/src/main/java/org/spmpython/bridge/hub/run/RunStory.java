package org.spmpython.bridge.hub.run;

import java.util.ArrayDeque;
import java.util.List;
import java.util.StringJoiner;

/**
 * A run's last events and the commands each gave, kept so that an impossible transition can say
 * how the run got there (as Dask's worker state machine keeps its story). Kept as they came and
 * written out only when asked: a run takes thousands of events a second.
 */
final class RunStory {
    private static final int KEPT = 40;

    private record Entry(long sinceStartNanos, Object event, List<RunCommand> commands) {
        @Override
        public String toString() {
            String line = String.format("%+9.3f s  %s", sinceStartNanos / 1e9, event);
            return commands.isEmpty() ? line : line + "  ->  " + commands;
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    /** @param commands what the event gave: kept as it is, so not changed after */
    void add(long sinceStartNanos, Object event, List<RunCommand> commands) {
        if (entries.size() == KEPT) {
            entries.removeFirst();
        }
        entries.addLast(new Entry(sinceStartNanos, event, commands));
    }

    String text() {
        StringJoiner lines = new StringJoiner("\n");
        entries.forEach(e -> lines.add(e.toString()));
        return lines.toString();
    }
}
