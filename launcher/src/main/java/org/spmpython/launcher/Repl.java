package org.spmpython.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.spmpython.natives.Posix;

/**
 * The read-eval-print loop. Java reads lines (from a {@link LineSource}); the Python side
 * ({@code spm._repl.Session}) compiles, runs, echoes and completes them.
 */
final class Repl {
    private final Value session;
    private final StatementBuffer statement;
    private final boolean banner;
    private final CtrlC ctrlC;

    /** @param ctrlC Ctrl-C's handler, or null when SIGINT is ignored */
    Repl(Context context, CtrlC ctrlC, boolean banner) {
        this.ctrlC = ctrlC;
        this.session = context.eval("python", "import spm._repl; spm._repl.Session()");
        this.statement = new StatementBuffer(context, session);
        this.banner = banner;
    }

    static boolean stdinIsTerminal() {
        return Posix.isTerminal(Posix.STDIN);
    }

    private static boolean isKeyboardInterrupt(PolyglotException e) {
        if (!e.isGuestException() || e.getGuestObject() == null) {
            return false;
        }
        Value type = e.getGuestObject().getMetaObject();
        return type != null && "KeyboardInterrupt".equals(type.getMetaSimpleName());
    }

    /** Runs one statement; returns the status exit() asked for, or {@code otherwise}. */
    private int runOrExit(String source, int otherwise) {
        session.invokeMember("run", source);
        Value exit = session.getMember("exit_code");
        return exit.isNull() ? otherwise : exit.asInt();
    }

    /** Runs until exit() or end of input; returns the exit status. */
    int run() {
        try (LineSource source = stdinIsTerminal() && Posix.isTerminal(Posix.STDOUT)
                ? new TerminalLineSource(session, ctrlC)
                : new PlainLineSource(session)) {
            if (banner) {
                source.announce(session.invokeMember("banner").asString());
            }
            boolean more = false;
            while (true) {
                try {
                    if (ctrlC != null) {
                        ctrlC.answered();
                    }
                    LineSource.Line read = source.readLine(session.invokeMember("prompt", more).asString());
                    switch (read.kind()) {
                        case END -> {
                            source.endOfInput();
                            return statement.isEmpty() ? 0 : runOrExit(statement.take(), 0);
                        }
                        case INTERRUPTED -> {
                            statement.clear();
                            source.announce("KeyboardInterrupt");
                            more = false;
                        }
                        case TEXT -> {
                            StatementBuffer.State state = statement.add(read.text());
                            more = state == StatementBuffer.State.MORE;
                            if (state == StatementBuffer.State.COMPLETE) {
                                int exit = runOrExit(statement.take(), -1);
                                if (exit >= 0) {
                                    return exit;
                                }
                            }
                        }
                    }
                } catch (PolyglotException e) {
                    // A Ctrl-C's SIGINT can surface as KeyboardInterrupt in any call into Python
                    // between statements: it means what Ctrl-C at the prompt means.
                    if (!isKeyboardInterrupt(e)) {
                        throw e;
                    }
                    statement.clear();
                    source.announce("KeyboardInterrupt");
                    more = false;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
