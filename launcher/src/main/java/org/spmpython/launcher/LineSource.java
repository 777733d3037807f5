package org.spmpython.launcher;

import java.io.Closeable;
import java.io.IOException;

/** Where the REPL's lines come from: a terminal with line editing, or plain lines from a pipe. */
interface LineSource extends Closeable {
    enum Kind { TEXT, INTERRUPTED, END }

    /** One read: a line of text, a Ctrl-C at the prompt, or the end of input. */
    record Line(Kind kind, String text) {
        static final Line END = new Line(Kind.END, null);
        static final Line INTERRUPTED = new Line(Kind.INTERRUPTED, null);

        static Line of(String text) {
            return new Line(Kind.TEXT, text);
        }
    }

    Line readLine(String prompt) throws IOException;

    /** Shows a message between prompts (the banner, "KeyboardInterrupt"). */
    void announce(String message);

    /** Called once at the end of input, before the session ends. */
    default void endOfInput() {
    }
}
