package org.spmpython.bridge.hub;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What the engine tells people, in one format: a line on stderr per event worth reading
 * ("spm-python: tracker: ..."), the recent ones kept for {@code spm.sys.tracker.status()}. Hears
 * the hub's event stream; safe from any thread.
 */
public final class HubLog implements HubEvents.Listener {
    private static final int KEPT = 50;
    private final Console console;
    private final boolean echo;
    private final ArrayDeque<String> recent = new ArrayDeque<>();

    /** @param echo print the lines (else only keep them) */
    public HubLog(PrintStream out, boolean echo) {
        this(new Console(System.out, out), echo);
    }

    /** @param echo print the lines on the console (else only keep them) */
    public HubLog(Console console, boolean echo) {
        this.console = console;
        this.echo = echo;
    }

    /** Where the lines go (and the progress line). */
    public Console console() {
        return console;
    }

    @Override
    public void on(HubEvent event) {
        switch (event) {
            case HubEvent.ConnectionRefused e when !e.expected() ->
                    line("tracker", "closed connection from " + e.peer() + ": " + e.why());
            case HubEvent.SpokeLost e when e.silent() -> line("tracker", "spoke " + e.spoke().id() + " lost: " + e.why());
            case HubEvent.Notice e -> line(e.source(), e.message());
            default -> {
            }
        }
    }

    private synchronized void line(String source, String message) {
        String line = "spm-python: " + source + ": " + message;
        if (recent.size() == KEPT) {
            recent.removeFirst();
        }
        recent.addLast(line);
        if (echo) {
            console.line(line);
        }
    }

    public synchronized List<String> recent() {
        return new ArrayList<>(recent);
    }
}
