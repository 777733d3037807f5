package org.spmpython.bridge.spoke;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Handler;

import org.graalvm.polyglot.Context;
import org.spmpython.bridge.python.ContextSettings;
import org.spmpython.bridge.python.CoprocessGroups;
import org.spmpython.bridge.python.Installation;
import org.spmpython.bridge.python.PythonContextFactory;
import org.spmpython.bridge.python.SessionState;
import org.spmpython.bridge.python.SpokeServices;
import org.spmpython.bridge.wire.Message;
import org.spmpython.bridge.wire.Secret;
import org.spmpython.natives.Posix;
import org.spmpython.natives.ProcessTree;

/**
 * One spoke, wherever it lives (its own process, or a thread of the hub's JVM): its GraalPy
 * context and task worker, its connection to the hub, and the loop that serves the hub's work
 * on the calling (interpreter) thread.
 */
public final class Spoke {
    /** Put on the work queue to end {@link #serve()}. */
    private static final Message STOP = new Message.Shutdown("stop serving");
    /** How long a spoke's last words to the hub may take. */
    private static final Duration LAST_WORDS = Duration.ofSeconds(1);

    private final BlockingQueue<Message> work = new LinkedBlockingQueue<>();
    private final TaskMailbox mailbox = new TaskMailbox();
    private final SpokeOptions options;
    private final Context context;
    private final SpokeServices services;
    private final CoprocessGroups coprocesses;
    /** A spoke process (not a thread of the hub's JVM): every process under it is its tasks'. */
    private final boolean ownsProcess;
    private final SpokeWorker worker;
    private volatile SpokeClient client;
    private volatile boolean stopped;

    /**
     * Builds the spoke's context (the slow part: a cold JVM takes seconds) and loads its task
     * machinery.
     *
     * @param ownsProcess false for a spoke in the hub's JVM (see {@link ContextSettings})
     * @param engineLog where its engine logs; null for stderr
     */
    public Spoke(SpokeOptions options, boolean ownsProcess, Handler engineLog, SpokeExit exit) {
        this.ownsProcess = ownsProcess;
        this.options = options;
        SessionState state = new SessionState(SessionState.Role.SPOKE);
        this.coprocesses = new CoprocessGroups(Installation.coprocessGuard());
        this.services = new SpokeServices(options.sharedFileSystem());
        // Unbuffered: what a task prints reaches the slot's log (and the hub's console) as it comes.
        this.context = PythonContextFactory.create(new ContextSettings(Installation.stdlib(), List.of(), List.of(""),
                Installation.executable(), true, options.verbose(), options.writeBytecode(), options.legacyMode(),
                state, coprocesses, ownsProcess, engineLog), Map.of(SpokeServices.BINDING, services));
        this.worker = new SpokeWorker(context, state, coprocesses, mailbox, exit);
    }

    /** Sends the spoke's Python output to {@code file} rather than fds 1 and 2. */
    public void writeOutputTo(Path file) {
        worker.writeOutputTo(file);
    }

    /**
     * Joins the hub; returns once it has welcomed this spoke.
     *
     * @param pid what the hub knows it by until it joins: its process id, or its thread's kernel id
     * @throws ProtocolException when the hub refuses or does not answer
     */
    public void join(Secret secret, long pid, SpokeClient.HubGone onHubGone) throws InterruptedException {
        String serverName = options.serverName() != null ? options.serverName() : Installation.serverName();
        SpokeClient joined = SpokeClient.join(options.hub(), secret,
                new SpokeClient.Identity(serverName, options.core(), pid), options.lostAfter(),
                // A local hub stopped by Ctrl-Z is silent, not gone: its spokes wait for its fg.
                () -> options.parentPid() >= 0 && Posix.isStopped(options.parentPid()), work, mailbox, onHubGone);
        client = joined;
        services.connected(joined);
        worker.lastWordsBy(m -> joined.sendBeforeExit(m, LAST_WORDS));
        worker.identify(joined.spokeId(), serverName);
    }

    /**
     * Sends the hub what is written into the pipe read by {@code pipeFd} (this process's fds 1
     * and 2: a spoke whose output is in no log the hub follows). Call after {@link #join}.
     */
    public void forwardOutput(int pipeFd) throws java.io.IOException {
        OutputForwarder.start(pipeFd, client::sendOutput);
    }

    /** Evaluates the hub's work one piece at a time until {@link #stop()} (or an interrupt). */
    public void serve() {
        while (!stopped) {
            Message request;
            try {
                request = work.take();
            } catch (InterruptedException e) {
                return;
            }
            if (request == STOP) {
                return;
            }
            long lastPid = ownsProcess ? ProcessTree.lastPid() : -1;
            Message answer = worker.handle(request);
            if (ownsProcess && (lastPid < 0 || ProcessTree.lastPid() != lastPid)) {
                // What the task started by other means than a co-process ends with it, before it is
                // reported done (skipped when nobody on the machine forked meanwhile). A spoke thread
                // cannot tell its task's processes from the hub's: they end with the hub
                // (docs/PROCESSES.md).
                ProcessTree.endDescendants(Set.of());
            }
            if (!stopped) {
                client.send(answer);
            }
        }
    }

    /** Ends {@link #serve()} after the work under way (which {@link #close()} cancels). */
    public void stop() {
        stopped = true;
        work.add(STOP);
    }

    /** Ends the spoke's co-process groups now. */
    public void endCoprocesses() {
        coprocesses.endAll(0);
    }

    /**
     * Closes the connection and cancels the context. Waits for the interpreter thread to leave
     * the context: call it from a thread that may wait (never a Netty thread).
     */
    public void close() {
        SpokeClient c = client;
        if (c != null) {
            c.close();
        }
        worker.close();
        try {
            context.close(true);
        } catch (RuntimeException e) {
            // already closed, or cancelled under a task: either way it is gone
        }
    }
}
