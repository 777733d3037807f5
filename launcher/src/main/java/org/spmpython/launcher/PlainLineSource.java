package org.spmpython.launcher;

import org.graalvm.polyglot.Value;

/**
 * Lines from a stdin that is not a terminal ({@code -i} with a pipe). They are read through
 * Python's own {@code sys.stdin}, so a program's {@code input()} reads the very next line, as in
 * python. As python does, prompts and messages go to stderr, so stdout holds only the program's
 * output.
 */
final class PlainLineSource implements LineSource {
    private final Value session;

    PlainLineSource(Value session) {
        this.session = session;
    }

    @Override
    public Line readLine(String prompt) {
        Value text = session.invokeMember("read_plain_line", prompt);
        return text.isNull() ? Line.END : Line.of(text.asString());
    }

    @Override
    public void announce(String message) {
        session.invokeMember("write_stderr", message + "\n");
    }

    @Override
    public void endOfInput() {
        session.invokeMember("write_stderr", "\n");
    }

    @Override
    public void close() {
        // stdin belongs to the process: leave it open.
    }
}
