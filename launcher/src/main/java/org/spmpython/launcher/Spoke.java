package org.spmpython.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Handler;

import org.graalvm.polyglot.Context;
import org.spmpython.bridge.ContextSettings;
import org.spmpython.bridge.CoprocessGroups;
import org.spmpython.bridge.PythonContextFactory;
import org.spmpython.bridge.SessionState;
import org.spmpython.bridge.SpokeServices;
import org.spmpython.bridge.transport.Message;
import org.spmpython.bridge.transport.Secret;
import org.spmpython.bridge.transport.SpokeClient;

/**
 * One spoke, wherever it lives (its own process, or a thread of the hub's JVM): its GraalPy
 * context and task worker, its connection to the hub, and the loop that serves the hub's work
 * on the calling (interpreter) thread.
 */
final class Spoke {
    /** Put on the work queue to end {@link #serve()}. */
    private static final Message STOP = new Message.Shutdown("stop serving");
    /** How long a spoke's last words to the hub may take. */
    private static final Duration LAST_WORDS = Duration.ofSeconds(1);

    private final BlockingQueue<Message> work = new LinkedBlockingQueue<>();
    private final Context context;
    private final SpokeServices services;
    private final CoprocessGroups coprocesses;
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
    Spoke(boolean sharedFileSystem, boolean ownsProcess, Handler engineLog, SpokeExit exit) {
        SessionState state = new SessionState(SessionState.Role.SPOKE);
        this.coprocesses = new CoprocessGroups(Installation.coprocessGuard());
        this.services = new SpokeServices(sharedFileSystem);
        this.context = PythonContextFactory.create(new ContextSettings(Installation.stdlib(), List.of(), List.of(""),
                Installation.executable(), false, false, true, "auto", state, coprocesses, ownsProcess, engineLog),
                Map.of(SpokeServices.BINDING, services));
        this.worker = new SpokeWorker(context, state, coprocesses, exit);
    }

    /** Sends the spoke's Python output to {@code file} rather than fds 1 and 2. */
    void writeOutputTo(Path file) {
        worker.writeOutputTo(file);
    }

    /**
     * Joins the hub; returns once it has welcomed this spoke.
     *
     * @throws org.spmpython.bridge.transport.ProtocolException when the hub refuses or does not answer
     */
    void join(HostPort hub, Secret secret, SpokeClient.Identity identity, Duration lostAfter,
            SpokeClient.HubGone onHubGone) throws InterruptedException {
        SpokeClient joined = SpokeClient.join(hub.host(), hub.port(), secret, identity, lostAfter, work, onHubGone);
        client = joined;
        services.connected(joined);
        worker.lastWordsBy(m -> joined.sendBeforeExit(m, LAST_WORDS));
        worker.identify(joined.spokeId(), identity.serverName());
    }

    /** Evaluates the hub's work one piece at a time until {@link #stop()} (or an interrupt). */
    void serve() {
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
            Message answer = worker.handle(request);
            if (!stopped) {
                client.send(answer);
            }
        }
    }

    /** Ends {@link #serve()} after the work under way (which {@link #close()} cancels). */
    void stop() {
        stopped = true;
        work.add(STOP);
    }

    /** Ends the spoke's co-process groups now. */
    void endCoprocesses() {
        coprocesses.endAll(0);
    }

    /**
     * Closes the connection and cancels the context. Waits for the interpreter thread to leave
     * the context: call it from a thread that may wait (never a Netty thread).
     */
    void close() {
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
