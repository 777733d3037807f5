package org.spmpython.bridge.hub;

import java.io.PrintStream;

/**
 * The hub's terminal, shared by everything that prints there on the engine's behalf: its lines
 * (the tracker's notices, the spokes' output) on stderr, and a run's live progress line on stdout.
 * One lock for all, so that no line is ever cut by another or by the progress line: a line
 * clears the progress line first and draws it again after.
 */
public final class Console {
    private final PrintStream out;
    private final PrintStream err;
    /** The progress line on show, or null. */
    private String progress;

    public Console(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Prints one whole line on stderr. */
    public synchronized void line(String text) {
        boolean shown = progress != null;
        if (shown) {
            wipe();
        }
        err.print(text);
        err.print('\n');
        err.flush();
        if (shown) {
            out.print("\r" + progress);
            out.flush();
        }
    }

    /** Shows (or replaces) the progress line: on a terminal, the caller decides. */
    public synchronized void progress(String text) {
        int longer = progress == null ? 0 : Math.max(0, progress.length() - text.length());
        out.print("\r" + text + " ".repeat(longer));
        out.flush();
        progress = text;
    }

    /** Takes the progress line away, if one is on show. */
    public synchronized void clearProgress() {
        if (progress != null) {
            wipe();
            progress = null;
        }
    }

    private void wipe() {
        out.print("\r" + " ".repeat(progress.length()) + "\r");
        out.flush();
    }
}
