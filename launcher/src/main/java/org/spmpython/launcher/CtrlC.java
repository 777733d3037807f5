package org.spmpython.launcher;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * What Ctrl-C (SIGINT) does in the hub, as python: a {@code KeyboardInterrupt} in the running
 * code (at the prompt, JLine takes it while it reads a line). GraalPy's own handler raises the
 * KeyboardInterrupt (at the code's next safepoint, also out of {@code time.sleep}); this one stands
 * in front of it, to count the presses.
 *
 * <p>Code that never reaches a safepoint (a builtin's loop in Java, {@code sum(range(10**10))},
 * which CPython cannot interrupt either) or that swallows KeyboardInterrupt would make the session
 * unstoppable but by a kill: so a third Ctrl-C within {@link #ESCALATION_WINDOW_NANOS} of the one
 * before, with no prompt shown between them, ends the session (exit 130) in order, its spokes and
 * their processes with it. The second one says so on stderr.
 */
final class CtrlC implements SignalHandler {
    /** Exit status of a session ended by Ctrl-C, as a shell reports a SIGINT death. */
    static final int EXIT_INTERRUPTED = 130;
    private static final long ESCALATION_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int PRESSES_TO_END = 3;
    private static final Signal INT = new Signal("INT");

    private final PrintStream err;
    /** GraalPy's handler, which raises KeyboardInterrupt in the interpreter thread; or null. */
    private volatile SignalHandler python;
    private int presses;
    private long lastPress;

    private CtrlC(PrintStream err) {
        this.err = err;
    }

    /**
     * Stands in front of the SIGINT handler installed now (GraalPy's, once its context is up).
     * Returns null when SIGINT is ignored (a background job of a shell, nohup): it stays so.
     */
    static CtrlC install(PrintStream err) {
        CtrlC handler = new CtrlC(err);
        SignalHandler previous = Signal.handle(INT, handler);
        if (previous == SignalHandler.SIG_IGN) {
            Signal.handle(INT, SignalHandler.SIG_IGN);
            return null;
        }
        handler.python = previous == SignalHandler.SIG_DFL ? null : previous;
        return handler;
    }

    /** Takes SIGINT back from a terminal library that replaced its handler (JLine, after each read). */
    void reinstall() {
        Signal.handle(INT, this);
    }

    /** The REPL showed a prompt: the presses before it were answered. */
    synchronized void answered() {
        presses = 0;
    }

    @Override
    public void handle(Signal signal) {
        int press = count();
        if (press >= PRESSES_TO_END) {
            err.println();
            err.println("spm-python: Ctrl-C " + press + " times: the session ends");
            err.flush();
            // On a thread of its own: exit runs the shutdown hooks (the hub ends its spokes), which
            // must not wait on this signal thread.
            Thread end = new Thread(() -> System.exit(EXIT_INTERRUPTED), "spm-ctrl-c-exit");
            end.setDaemon(true);
            end.start();
            return;
        }
        if (press == PRESSES_TO_END - 1) {
            err.println();
            err.println("spm-python: still running after Ctrl-C (code that does not reach a safepoint, or that "
                    + "catches KeyboardInterrupt); Ctrl-C once more ends the session");
            err.flush();
        }
        if (python != null) {
            python.handle(signal);
        }
    }

    private synchronized int count() {
        long now = System.nanoTime();
        if (presses > 0 && now - lastPress > ESCALATION_WINDOW_NANOS) {
            presses = 0;
        }
        lastPress = now;
        return ++presses;
    }
}
