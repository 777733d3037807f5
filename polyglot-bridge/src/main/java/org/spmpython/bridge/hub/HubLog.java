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
    private static final long REFUSALS_WINDOW_NANOS = 5_000_000_000L;
    private long refusalsSince;
    private int suppressed;
    private String lastSuppressed;
    private final java.util.Set<String> reasons = new java.util.HashSet<>();

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
            case HubEvent.ConnectionRefused e when !e.expected() -> refused(String.valueOf(e.peer()), e.why());
            case HubEvent.SpokeLost e when e.silent() -> line("tracker", "spoke " + e.spoke().id() + " lost: " + e.why());
            case HubEvent.Notice e -> line(e.source(), e.message());
            default -> {
            }
        }
    }

    /**
     * A refused connection is said at once, the first time its reason comes up within {@link
     * #REFUSALS_WINDOW_NANOS}; more for the same reasons are counted and said in one line at the
     * window's end (junk at the port made ~220 lines otherwise).
     */
    private synchronized void refused(String peer, String why) {
        long now = System.nanoTime();
        if (refusalsSince == 0 || now - refusalsSince > REFUSALS_WINDOW_NANOS) {
            refusalsSince = now;
            reasons.clear();
        }
        if (reasons.add(why)) {
            line("tracker", "closed connection from " + peer + ": " + why);
            return;
        }
        if (suppressed++ == 0) {
            Thread t = new Thread(this::sayRefusals, "spm-hub-log");
            t.setDaemon(true);
            t.start();
        }
        lastSuppressed = peer + ": " + why;
    }

    private void sayRefusals() {
        try {
            Thread.sleep(REFUSALS_WINDOW_NANOS / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (suppressed > 0) {
                line("tracker", "closed " + suppressed + " more connection" + (suppressed == 1 ? "" : "s")
                        + " for the same reasons within " + REFUSALS_WINDOW_NANOS / 1_000_000_000 + " s, the last from "
                        + lastSuppressed);
            }
            suppressed = 0;
            refusalsSince = 0;
            reasons.clear();
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
