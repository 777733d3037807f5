package org.spmpython.launcher;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * Gathers REPL lines into statements with python's rules: an open bracket, string or block asks
 * for more lines, and a compound statement ({@code for ...:}, {@code def ...:}, a decorator) ends
 * only at a blank line. GraalPy's {@code codeop} cannot tell incomplete input from an error, so
 * incompleteness is asked of GraalPy's parser through the polyglot API, as GraalPy's own REPL does.
 */
final class StatementBuffer {
    /** What the lines so far amount to. */
    enum State { EMPTY, MORE, COMPLETE }

    private final Context context;
    private final Value session;
    private final StringBuilder text = new StringBuilder();

    StatementBuffer(Context context, Value session) {
        this.context = context;
        this.session = session;
    }

    State add(String line) {
        if (text.isEmpty() && line.isBlank()) {
            return State.EMPTY;
        }
        text.append(line).append('\n');
        if (isIncomplete(text.toString())) {
            return State.MORE;
        }
        boolean blockOpen = session.invokeMember("needs_blank_line", text.toString()).asBoolean();
        return blockOpen && !line.isBlank() ? State.MORE : State.COMPLETE;
    }

    /** The statement gathered so far; empties the buffer. */
    String take() {
        String statement = text.toString();
        text.setLength(0);
        return statement;
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    void clear() {
        text.setLength(0);
    }

    private boolean isIncomplete(String source) {
        try {
            context.parse(Source.newBuilder("python", source, "<stdin>").interactive(true).buildLiteral());
            return false;
        } catch (PolyglotException e) {
            return e.isIncompleteSource();
        }
    }
}
