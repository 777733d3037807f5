package org.spmpython.bridge.transport;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What the engine tells people: one line on stderr per event ("spm-python: tracker: ..."), and
 * the recent ones kept for {@code spm.sys.tracker.status()}. Safe from any thread.
 */
public final class EventLog {
    private static final int KEPT = 50;
    private final PrintStream out;
    private final boolean echo;
    private final ArrayDeque<String> recent = new ArrayDeque<>();

    public EventLog(PrintStream out, boolean echo) {
        this.out = out;
        this.echo = echo;
    }

    public synchronized void warn(String source, String message) {
        String line = "spm-python: " + source + ": " + message;
        if (recent.size() == KEPT) {
            recent.removeFirst();
        }
        recent.addLast(line);
        if (echo) {
            out.println(line);
            out.flush();
        }
    }

    public synchronized List<String> recent() {
        return new ArrayList<>(recent);
    }
}
