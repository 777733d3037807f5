package org.spmpython.bridge.spoke;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.spmpython.bridge.python.CoprocessGroups;
import org.spmpython.bridge.python.FromPython;
import org.spmpython.bridge.python.Latin1;
import org.spmpython.bridge.python.SessionState;
import org.spmpython.bridge.wire.Message;
import org.spmpython.bridge.wire.Protocol;
import org.spmpython.bridge.wire.TaskStatus;

/**
 * A spoke's interpreter thread at work: one piece of work at a time in the spoke's context. A
 * task's steps (DESIGN §4a: accept, preload, evaluate, report) are driven from here one by one
 * through {@code spm._spoke}, so the task's clock starts between preload and evaluation without
 * Python calling back. A task that passes its timeout is stopped by interrupting the context (the
 * spoke stays warm). A task that cannot be interrupted, or that ends its interpreter ({@code
 * os._exit} in a spoke of the hub's JVM), ends the spoke: it tells the hub why, then goes the way
 * its {@link SpokeExit} says.
 */
final class SpokeWorker {
    /** How long an interrupted task gets to stop before the spoke gives up and exits. */
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);

    /** SIGTERM to SIGKILL for the co-processes of a task that passed its timeout. */
    private static final long COPROCESS_GRACE_MILLIS = 1000;

    private final Context context;
    private final SessionState state;
    private final CoprocessGroups coprocesses;
    private final TaskMailbox mailbox;
    /** Set by the watchdog when the running task passed its timeout. */
    private volatile boolean timedOut;
    private volatile ScheduledFuture<?> alarm;
    /** The request id of the task running now, or -1; guarded by itself. */
    private final long[] running = {-1};
    /** Why the running task is stopped if it passes its timeout. */
    private volatile String stoppedWhy = "";
    /** Sends a message to the hub and waits until it is out; set once the spoke has joined. */
    private volatile Consumer<Message> lastWords = m -> { };
    private final SpokeExit exit;
    private final Value spoke;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spm-task-watchdog");
        t.setDaemon(true);
        return t;
    });

    SpokeWorker(Context context, SessionState state, CoprocessGroups coprocesses, TaskMailbox mailbox, SpokeExit exit) {
        this.context = context;
        this.state = state;
        this.coprocesses = coprocesses;
        this.mailbox = mailbox;
        this.exit = exit;
        // Loads the task machinery now, while the spoke boots, not in its first task.
        this.spoke = context.eval("python", "import spm._spoke; spm._spoke");
    }

    /** How to tell the hub, before the spoke exits, that a task cannot be stopped. */
    void lastWordsBy(Consumer<Message> send) {
        this.lastWords = send;
    }

    /** Sends the spoke's Python output to a file (a spoke in the hub's JVM shares its fds 0-2). */
    void writeOutputTo(Path file) {
        spoke.invokeMember("write_output_to", file.toString());
    }

    /** Tells the Python side who this spoke is (for core.nameHost and core.whoAmI). */
    void identify(int spokeId, String serverName) {
        spoke.invokeMember("identify", spokeId, serverName);
    }

    /** Does one piece of work; whatever happens, the hub gets an answer and the spoke goes on. */
    Message handle(Message work) {
        try {
            return switch (work) {
                case Message.Evaluate e -> evaluate(e);
                case Message.Task t -> runTask(t);
                default -> throw new IllegalArgumentException("not work: " + work.type());
            };
        } catch (PolyglotException e) {
            if (e.isExit()) {
                // Only a spoke in the hub's JVM sees this: a spoke process has ended already.
                leave("its task ended its interpreter with os._exit(" + e.getExitStatus() + ")", 1);
            }
            // The spoke's own Python failed (not the user's code, which spm._spoke reports).
            String why = "the spoke failed: " + e.getMessage();
            return switch (work) {
                case Message.Task t -> new Message.TaskDone(t.requestId(), TaskStatus.EVAL.code, new byte[0], why);
                case Message.Evaluate ev -> new Message.Evaluated(ev.requestId(), false, new byte[0], why);
                default -> throw e;
            };
        }
    }

    private Message.Evaluated evaluate(Message.Evaluate request) {
        state.setOnline(true);
        try {
            Value outcome = spoke.invokeMember("evaluate", request.source());
            return new Message.Evaluated(request.requestId(), FromPython.flag(outcome, "ok"),
                    FromPython.bytes(outcome, "value"), FromPython.text(outcome, "error"));
        } finally {
            state.setOnline(false);
        }
    }

    private Message.TaskDone runTask(Message.Task task) {
        timedOut = false;
        alarm = null;
        synchronized (running) {
            running[0] = task.requestId();
        }
        mailbox.open(task.requestId());
        stoppedWhy = "passed its timeout of " + task.timeoutMillis() / 1000.0 + " s";
        String stopped = stoppedWhy + " and was stopped on the spoke";
        try {
            Value steps = spoke.invokeMember("accept", Latin1.text(task.payload()));
            boolean loaded;
            state.setPreloading(true);
            try {
                loaded = steps.invokeMember("preload").asBoolean();
            } finally {
                state.setPreloading(false);
            }
            if (loaded) {
                // The task's own clock starts here: loading (a first translation, a module fetched
                // from the hub) is the engine's, bounded by the hub's own deadline.
                startClock(task);
                state.setOnline(true);
                try {
                    steps.invokeMember("evaluate");
                } finally {
                    state.setOnline(false);
                }
            }
            Value outcome = steps.invokeMember("report");
            if (timedOut) {
                // Its co-processes were ended under it, and it came back before the interrupt.
                return new Message.TaskDone(task.requestId(), TaskStatus.DROPPED.code, new byte[0], stopped);
            }
            byte[] payload = FromPython.bytes(outcome, "payload");
            String tooLarge = tooLarge(payload);
            if (tooLarge != null) { // sent, it would end the spoke's connection: an error of the task instead
                return new Message.TaskDone(task.requestId(), TaskStatus.EVAL.code, new byte[0], tooLarge);
            }
            return new Message.TaskDone(task.requestId(), TaskStatus.ofLabel(FromPython.text(outcome, "status")).code,
                    payload, FromPython.text(outcome, "error"));
        } catch (PolyglotException e) {
            if (!e.isInterrupted() && !e.isCancelled()) {
                throw e;
            }
            spoke.invokeMember("after_interrupt");
            return new Message.TaskDone(task.requestId(), TaskStatus.DROPPED.code, new byte[0], stopped);
        } finally {
            ScheduledFuture<?> pending = alarm;
            if (pending != null) {
                pending.cancel(false);
            }
            alarm = null;
            // Waits for an interrupt under way: it must never reach the next task.
            synchronized (running) {
                running[0] = -1;
            }
            mailbox.close();
            state.setOnline(false);
            state.setPreloading(false);
        }
    }

    /** Room a message needs besides its payload (its type, ids, status, error text): generous. */
    private static final int ENVELOPE_BYTES = 64 * 1024;

    /**
     * Why a task's payload (its record, with its return value) cannot go to the hub in one
     * message (Protocol.MAX_FRAME_BYTES), in words; null when it can.
     */
    static String tooLarge(byte[] payload) {
        if (payload.length <= Protocol.MAX_FRAME_BYTES - ENVELOPE_BYTES) {
            return null;
        }
        return String.format(java.util.Locale.ROOT,
                "the task's return value (its record, %.1f MiB) exceeds the %d MiB limit of a message to the"
                        + " hub; return less (write large results to a file and return its path)",
                payload.length / (1024.0 * 1024.0), Protocol.MAX_FRAME_BYTES / (1024 * 1024));
    }

    /** Arms the watchdog for the running task. */
    private void startClock(Message.Task task) {
        if (task.timeoutMillis() > 0) {
            alarm = watchdog.schedule(() -> interrupt(task.requestId()), task.timeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * From the watchdog thread: stop the task the interpreter thread is running. Its co-processes
     * go first (a task waiting on one is in a blocking call that an interrupt cannot reach).
     */
    private void interrupt(long task) {
        synchronized (running) {
            if (running[0] != task) {
                return; // that task is over
            }
            timedOut = true;
            coprocesses.endAll(COPROCESS_GRACE_MILLIS);
            try {
                context.interrupt(INTERRUPT_GRACE);
            } catch (TimeoutException e) {
                leave("its task " + stoppedWhy + " and could not be stopped (a blocking call?)", 1);
            }
        }
    }

    /** A persistent cloud lends this spoke to a session: Python remembers its clean state. */
    void sessionBegins() {
        spoke.invokeMember("session_begins");
    }

    /** The lent session is over: Python drops what it left (modules, globals, builtins, environment, cwd). */
    void sessionEnds() {
        spoke.invokeMember("session_ends");
    }

    /** Ends the spoke now, from any thread, its co-processes first (a lent spoke whose session vanished mid-task). */
    void leaveNow(String why) {
        coprocesses.endAll(0);
        exit.now(why, 0);
    }

    /** Stops the timeout watchdog (a spoke in the hub's JVM ends without its JVM). */
    void close() {
        watchdog.shutdownNow();
    }

    /** Ends the spoke, telling the hub why first (so it takes the spoke as lost at once). */
    private void leave(String why, int status) {
        coprocesses.endAll(0);
        lastWords.accept(new Message.Leaving(why));
        exit.now(why, status);
    }
}
