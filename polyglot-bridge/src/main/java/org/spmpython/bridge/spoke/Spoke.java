package org.spmpython.bridge.spoke;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Handler;

import io.netty.channel.ChannelFuture;
import org.graalvm.polyglot.Context;
import org.spmpython.bridge.python.ContextSettings;
import org.spmpython.bridge.python.CoprocessGroups;
import org.spmpython.bridge.python.Installation;
import org.spmpython.bridge.python.PythonContextFactory;
import org.spmpython.bridge.python.SessionState;
import org.spmpython.bridge.python.SpokeServices;
import org.spmpython.bridge.wire.HostPort;
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
    /** The longest the next task waits for the last report's write (a connection that takes none is going). */
    private static final Duration REPORT_WRITE = Duration.ofSeconds(10);

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
    /** The write of the last task's report, until the next task waits for it (interpreter thread only). */
    private ChannelFuture lastReport;
    /** What the hub knows this spoke by until it joins (its pid, or its thread's id). */
    private long pid;
    /** Put on a lent session's work queue when that session is over. */
    private static final Message SESSION_OVER = new Message.Shutdown("the session is over");
    /** The work queue of the session this spoke is lent to now, or null. */
    private volatile BlockingQueue<Message> lentWork;

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
                state, coprocesses, ownsProcess, engineLog, options.pythonFlags()), Map.of(SpokeServices.BINDING, services));
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
        this.pid = pid;
        String serverName = serverName();
        SpokeClient joined = SpokeClient.join(options.hub(), secret,
                new SpokeClient.Identity(serverName, options.core(), pid), options.lostAfter(),
                // A local hub stopped by Ctrl-Z is silent, not gone: its spokes wait for its fg.
                () -> options.parentPid() >= 0 && Posix.isStopped(options.parentPid()), work, mailbox, onHubGone);
        talkTo(joined);
    }

    private String serverName() {
        return options.serverName() != null ? options.serverName() : Installation.serverName();
    }

    /** Answers, fetches, task messages and last words go to this hub from now on. */
    private void talkTo(SpokeClient hub) {
        client = hub;
        services.connected(hub);
        worker.lastWordsBy(m -> hub.sendBeforeExit(m, LAST_WORDS));
        worker.identify(hub.spokeId(), serverName());
    }

    /**
     * Sends the hub what is written into the pipe read by {@code pipeFd} (this process's fds 1
     * and 2: a spoke whose output is in no log the hub follows). Call after {@link #join}.
     */
    public void forwardOutput(int pipeFd) throws java.io.IOException {
        // To whichever hub the spoke serves now: a cloud's spoke lent to a session sends it there.
        OutputForwarder.start(pipeFd, lines -> client.sendOutput(lines));
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
            Message answer = request instanceof Message.Lend lend ? serveLent(lend) : handle(request);
            if (!stopped) {
                answered(client, answer);
            }
        }
    }

    /**
     * Sends a piece of work's answer. A task's report is written to the connection before the
     * next task's first line runs ({@link #beforeNextTask}): the hub takes what a connection
     * carried before it hears it closed, so when a spoke dies, the tasks the hub queued on it
     * behind the first it has no report of never started (RunCore.lost), and none runs twice.
     */
    private void answered(SpokeClient to, Message answer) {
        if (answer instanceof Message.TaskDone) {
            lastReport = to.sendTracked(answer);
        } else {
            to.send(answer);
        }
    }

    /**
     * Waits, if it is not out yet, for the write of the last task's report (docs/PIPELINING.md):
     * no round trip, only the spoke's own network thread, which has often written it while the
     * interpreter thread took the next task. A connection that cannot take it is going: lost anyway.
     */
    private void beforeNextTask() {
        ChannelFuture written = lastReport;
        if (written != null && !written.isDone()) {
            written.awaitUninterruptibly(REPORT_WRITE.toMillis());
        }
        lastReport = null;
    }

    private Message handle(Message request) {
        if (request instanceof Message.Task) {
            beforeNextTask();
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
        return answer;
    }

    /**
     * A persistent cloud lent this spoke to a session (docs/CLOUD.md): joins the session's
     * tracker as any spoke, serves it until the session ends or is lost, then drops what the
     * session left in Python and answers the cloud that it is back. A session lost while a task
     * runs ends the spoke (the task cannot be waited for; its processes end with it), and the
     * cloud relaunches it.
     */
    private Message serveLent(Message.Lend lend) {
        SpokeClient home = client;
        BlockingQueue<Message> lentWork = new LinkedBlockingQueue<>();
        this.lentWork = lentWork;
        long remembering = System.nanoTime();
        worker.sessionBegins();
        System.err.printf("spm-python spoke: lent to a session; its clean Python state remembered in %.1f ms%n",
                (System.nanoTime() - remembering) / 1e6);
        SpokeClient session;
        try {
            session = SpokeClient.join(new HostPort(lend.host(), lend.port()), Secret.ofHex(lend.secretHex()),
                    new SpokeClient.Identity(serverName(), options.core(), pid), Duration.ofMillis(lend.lostAfterMillis()),
                    lentWork, mailbox, why -> sessionGone(lentWork, why));
        } catch (RuntimeException | InterruptedException e) {
            worker.sessionEnds();
            return new Message.Evaluated(lend.requestId(), false, new byte[0], "cannot join the session at "
                    + lend.host() + ":" + lend.port() + ": " + e.getMessage());
        }
        talkTo(session);
        try {
            while (!stopped) {
                Message request = lentWork.take();
                if (request == SESSION_OVER) {
                    break;
                }
                Message answer = handle(request);
                answered(session, answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            this.lentWork = null;
            session.close();
            long began = System.nanoTime();
            worker.sessionEnds();
            System.err.printf("spm-python spoke: back from a session; its Python state dropped in %.1f ms%n",
                    (System.nanoTime() - began) / 1e6);
            talkTo(home);
        }
        return new Message.Evaluated(lend.requestId(), true, new byte[0], "");
    }

    /** From a Netty thread: the lent session ended or went silent. */
    private void sessionGone(BlockingQueue<Message> lentWork, String why) {
        if (mailbox.task() >= 0) {
            worker.leaveNow("its session ended while a task ran (" + why + ")");
        }
        lentWork.add(SESSION_OVER);
    }

    /** Ends {@link #serve()} after the work under way (which {@link #close()} cancels). */
    public void stop() {
        stopped = true;
        work.add(STOP);
        BlockingQueue<Message> lent = lentWork;
        if (lent != null) {
            lent.add(SESSION_OVER);
        }
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
