package org.spmpython.bridge.hub;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.spmpython.bridge.hub.run.RunEvent;
import org.spmpython.bridge.hub.run.SpokeInfo;
import org.spmpython.bridge.hub.run.Spokes;
import org.spmpython.bridge.wire.Message;
import org.spmpython.bridge.wire.Protocol;
import org.spmpython.bridge.wire.Secret;
import org.spmpython.bridge.wire.TaskStatus;
import org.spmpython.bridge.wire.Tls;

/**
 * The hub's tracker: a Netty server that accepts spokes at any time, authenticates them, and
 * knows each one's server, core, state and heartbeat. It publishes every change of a spoke on the
 * hub's {@link HubEvents}, and it is the {@link Spokes} that runs reach their spokes through. Runs
 * on its own Netty threads, never calling into Python (DESIGN §2, §10).
 *
 * <p>A spoke's change of state and its event happen together, under the tracker's monitor, and
 * a run attaches (subscribes, then hears of every spoke known) under it too: so a run never hears
 * a spoke's older state after its newer one (it would wait for a joined spoke it thinks boots).
 */
public final class Tracker implements AutoCloseable, Spokes {
    private volatile ForwardedOutput spokeOutput;
    /**
     * @param host address to listen on ("127.0.0.1" for local spokes only)
     * @param port port, 0 for any free one
     * @param lostAfter a spoke silent this long is lost
     * @param tls the hub's TLS, or null for plaintext (docs/CLUSTER.md)
     */
    public record Config(String host, int port, Duration lostAfter, Tls tls) {
        public Config(String host, int port, Duration lostAfter) {
            this(host, port, lostAfter, null);
        }

        /** Spokes heartbeat five times per lostAfter. */
        Duration heartbeat() {
            return lostAfter.dividedBy(5);
        }
    }

    private static final Duration LOST_KEPT = Duration.ofSeconds(60);

    private final Secret secret;
    private final Config config;
    private final HubEvents events;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<Integer, SpokeRecord> spokes = new ConcurrentHashMap<>();
    private final AtomicInteger nextSpokeId = new AtomicInteger(1);
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private final SourceServer sources = new SourceServer();
    private final Channel server;
    /** Spokes the hub ended on purpose (endSpoke): their exits are not crashes. */
    private final Set<Integer> endedOnRequest = ConcurrentHashMap.newKeySet();
    /** Set once the spokes are told to exit: their connections then end without a word in the log. */
    private volatile boolean shuttingDown;

    private Tracker(Secret secret, Config config, HubEvents events) throws InterruptedException {
        this.secret = secret;
        this.config = config;
        this.events = events;
        ChannelFuture binding = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (config.tls() != null) {
                            config.tls().addServer(ch.pipeline(), ch.alloc());
                        }
                        Protocol.addHandshakeCodec(ch.pipeline());
                        ch.pipeline().addLast("hub", new HubConnection(Tracker.this));
                    }
                })
                .bind(config.host(), config.port()).awaitUninterruptibly();
        if (!binding.isSuccess()) {
            // Netty's threads would keep the JVM alive: they go, and the caller hears why in words.
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            throw new CannotListenException(config.host(), config.port(), binding.cause());
        }
        this.server = binding.channel();
    }

    public static Tracker start(Secret secret, Config config, HubEvents events) throws InterruptedException {
        return new Tracker(secret, config, events);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** What the hub serves to spokes that cannot see its files. */
    public SourceServer sources() {
        return sources;
    }

    public HubEvents events() {
        return events;
    }

    Secret secret() {
        return secret;
    }

    Config config() {
        return config;
    }

    // --- spokes coming and going ----------------------------------------------------------------

    /** A cloud launched a spoke: it is booting until it joins. Returns its id. */
    public synchronized int booting(long pid, String serverName, int core) {
        int id = nextSpokeId.getAndIncrement();
        SpokeRecord record = new SpokeRecord(id, true, serverName, core, pid, SpokeState.BOOTING);
        spokes.put(id, record);
        events.publish(new HubEvent.SpokeBooting(record.view()));
        return id;
    }

    /** A spoke's process ended (the cloud saw it): the spoke is lost, if it was not already. */
    public void processEnded(int spokeId, String why) {
        SpokeRecord record = spokes.get(spokeId);
        if (record != null) {
            lose(record, why, false);
        }
    }

    /** A spoke proved the secret: the record of its launch, or a new one for a remote spoke. */
    synchronized SpokeRecord join(Channel channel, Message.Hello hello) {
        SpokeRecord record = spokes.values().stream()
                .filter(r -> r.local && r.state() == SpokeState.BOOTING && r.pid() == hello.pid())
                .findFirst()
                .orElseGet(() -> {
                    int id = nextSpokeId.getAndIncrement();
                    SpokeRecord remote = new SpokeRecord(id, false, hello.serverName(), hello.core(), hello.pid(),
                            SpokeState.BOOTING);
                    spokes.put(id, remote);
                    return remote;
                });
        record.joined(channel, hello.serverName(), hello.core(), hello.pid());
        events.publish(new HubEvent.SpokeJoined(record.view()));
        return record;
    }

    /** The spoke said it goes (LEAVING): it is lost at once, so that no new work goes its way. */
    synchronized void left(SpokeRecord record, String why) {
        events.publish(new HubEvent.SpokeLeft(record.view(), why));
        lose(record, "it exited: " + why, false);
    }

    /**
     * Marks a spoke lost (once), closes its connection, fails its evaluations; runs hear it as a
     * {@link RunEvent.SpokeLost}.
     *
     * @param silent it stopped heartbeating
     */
    synchronized void lose(SpokeRecord record, String why, boolean silent) {
        List<SpokeRecord.Pending> unanswered = record.lose();
        if (unanswered == null) {
            return;
        }
        Channel channel = record.channel();
        if (channel != null) {
            channel.close();
        }
        for (SpokeRecord.Pending work : unanswered) {
            if (work instanceof SpokeRecord.Pending.Evaluation e) {
                e.future().completeExceptionally(new SpokeLostException(record.id, why));
            }
        }
        events.publish(new HubEvent.SpokeLost(record.view(), why, silent));
    }

    /**
     * Where the output spokes forward (those whose output is in no slot log the hub follows) is
     * shown, one prefixed line at a time; null (the default, and {@code --quiet-tasks}): nowhere.
     */
    public void showSpokeOutputWith(Consumer<String> sink) {
        spokeOutput = sink == null ? null : new ForwardedOutput(sink);
    }

    /** Lines a spoke forwarded: each shown as a local slot's are, {@code (spoke N@host) text}. */
    void output(SpokeRecord record, String lines) {
        ForwardedOutput shown = spokeOutput;
        if (shown != null) {
            shown.add("(spoke " + record.id + "@" + record.view().serverName() + ") ", lines);
        }
    }

    /** A connection broke the rules and was closed. */
    void refused(String peer, String why) {
        events.publish(new HubEvent.ConnectionRefused(peer, why, shuttingDown));
    }

    /** Every spoke the tracker knows, by id; lost ones are kept for a minute. */
    public List<SpokeView> snapshot() {
        List<SpokeView> views = new ArrayList<>();
        for (SpokeRecord r : spokes.values()) {
            SpokeView v = r.view();
            if (v.state() == SpokeState.LOST && v.heartbeatAgeSeconds() > LOST_KEPT.toSeconds()) {
                spokes.remove(r.id);
                continue;
            }
            views.add(v);
        }
        views.sort(Comparator.comparingInt(SpokeView::id));
        return views;
    }

    // --- work -----------------------------------------------------------------------------------

    /** Sends Python source to a spoke; the future completes with its outcome or a {@link SpokeLostException}. */
    public synchronized CompletableFuture<Message.Evaluated> evaluate(int spokeId, String source) {
        return request(spokeId, requestId -> new Message.Evaluate(requestId, source));
    }

    /**
     * A persistent cloud lends an idle spoke to a session (DESIGN §13): the spoke serves the
     * session's tracker and is busy here until it is back; the future completes then (its
     * {@code ok} false when it could not join the session), or fails with a {@link
     * SpokeLostException} when the spoke is lost meanwhile.
     */
    public synchronized CompletableFuture<Message.Evaluated> lend(int spokeId, String host, int port, Secret session,
            Duration lostAfter) {
        return request(spokeId, requestId -> new Message.Lend(requestId, host, port, session.hex(), lostAfter.toMillis()));
    }

    /** One request to an idle spoke, answered by an {@link Message.Evaluated}; the spoke is busy until then. */
    private CompletableFuture<Message.Evaluated> request(int spokeId, java.util.function.LongFunction<Message> message) {
        CompletableFuture<Message> future = new CompletableFuture<>();
        SpokeRecord record = spokes.get(spokeId);
        long requestId = nextRequestId.getAndIncrement();
        Channel channel = record == null ? null : record.startRequest(requestId, new SpokeRecord.Pending.Evaluation(future));
        if (channel == null) {
            future.completeExceptionally(new SpokeLostException(spokeId, "no such spoke ready for work"));
        } else {
            events.publish(new HubEvent.SpokeBusy(record.view()));
            send(record, channel, message.apply(requestId));
        }
        return future.thenApply(m -> (Message.Evaluated) m);
    }

    /**
     * A spoke answered a request (an evaluation or a task). Returns false when the answer is not
     * of that request's kind (an evaluation's answer to a task): the spoke broke the protocol, and
     * its connection is to be closed (the run then hears it lost, rather than waiting for ever).
     */
    synchronized boolean answered(SpokeRecord record, long requestId, Message answer) {
        SpokeRecord.Pending work = record.finishRequest(requestId);
        switch (work) {
            case null -> {
                // not pending: a stale answer
            }
            case SpokeRecord.Pending.Evaluation e when answer instanceof Message.Evaluated -> {
                e.future().complete(answer);
                if (record.state() == SpokeState.IDLE) {
                    events.publish(new HubEvent.SpokeIdle(record.view()));
                }
            }
            case SpokeRecord.Pending.TaskAttempt t when answer instanceof Message.TaskDone done ->
                    t.inbox().accept(new RunEvent.TaskDone(record.id, t.key(), TaskStatus.of(done.status()),
                            done.payload(), done.error()));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A running task sent the hub a message: it goes to the run that gave the task, if it still runs. */
    void taskMessage(SpokeRecord record, Message.TaskMessage message) {
        if (record.pendingWork(message.taskId()) instanceof SpokeRecord.Pending.TaskAttempt t) {
            t.inbox().accept(new RunEvent.TaskMessage(record.id, t.key(), message.body()));
        }
    }

    private void send(SpokeRecord record, Channel channel, Message message) {
        channel.writeAndFlush(message).addListener(sent -> {
            if (!sent.isSuccess()) {
                lose(record, "could not send to it: " + sent.cause(), false);
            }
        });
    }

    /**
     * Ends a spoke: told to exit, its connection closed, lost. The cloud kills a local one that
     * is still running, and relaunches it.
     */
    public void endSpoke(int spokeId, String why) {
        SpokeRecord record = spokes.get(spokeId);
        if (record == null) {
            return;
        }
        endedOnRequest.add(spokeId);
        Channel channel = record.channel();
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(new Message.Shutdown(why));
        }
        lose(record, why, false);
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    /** True when the hub ended this spoke on purpose (relaunchPre/Post, a raising callback, a hung task). */
    public boolean endedOnRequest(int spokeId) {
        return endedOnRequest.contains(spokeId);
    }

    /** Tells every joined spoke to exit. */
    public void shutdownSpokes(String reason) {
        shuttingDown = true;
        for (SpokeRecord r : spokes.values()) {
            Channel channel = r.channel();
            if (channel != null && channel.isActive()) {
                channel.writeAndFlush(new Message.Shutdown(reason));
            }
        }
    }

    // --- the Spokes port that runs use ----------------------------------------------------------

    @Override
    public List<SpokeInfo> now() {
        List<SpokeInfo> infos = new ArrayList<>();
        for (SpokeView v : snapshot()) {
            SpokeInfo info = info(v);
            if (info != null) {
                infos.add(info);
            }
        }
        return infos;
    }

    /** A spoke as a run sees it; null for a lost one. */
    private static SpokeInfo info(SpokeView v) {
        SpokeInfo.State state = switch (v.state()) {
            case BOOTING -> SpokeInfo.State.BOOTING;
            case IDLE -> SpokeInfo.State.IDLE;
            case BUSY -> SpokeInfo.State.BUSY;
            case LOST -> null;
        };
        return state == null ? null : new SpokeInfo(v.id(), v.serverName(), v.local(), state, v.tasksRun());
    }

    @Override
    public synchronized Attachment attach(Consumer<RunEvent> inbox) {
        RunAttachment attachment = new RunAttachment(inbox);
        attachment.subscription = events.subscribe(attachment);
        // Under the monitor, no spoke changes between the two: none is missed, none heard out of order.
        for (SpokeView v : snapshot()) {
            attachment.on(v.state() == SpokeState.BOOTING ? new HubEvent.SpokeBooting(v)
                    : v.state() == SpokeState.BUSY ? new HubEvent.SpokeBusy(v)
                    : v.state() == SpokeState.IDLE ? new HubEvent.SpokeJoined(v)
                    : new HubEvent.SpokeLost(v, "lost before the run started", false));
        }
        return attachment;
    }

    /** One run's hold on the spokes: the hub's spoke events, told as the run's events. */
    private final class RunAttachment implements Attachment, HubEvents.Listener {
        private final Consumer<RunEvent> inbox;
        private volatile HubEvents.Subscription subscription;
        private volatile boolean attached = true;
        /** The connections written to since the last flush (the run's interpreter thread only). */
        private final java.util.LinkedHashSet<Channel> unflushed = new java.util.LinkedHashSet<>();

        RunAttachment(Consumer<RunEvent> inbox) {
            this.inbox = event -> {
                if (attached) {
                    inbox.accept(event);
                }
            };
        }

        @Override
        public void on(HubEvent event) {
            RunEvent told = switch (event) {
                case HubEvent.SpokeBooting e -> new RunEvent.SpokeBooting(info(e.spoke()));
                case HubEvent.SpokeJoined e -> new RunEvent.SpokeReady(info(e.spoke()));
                case HubEvent.SpokeIdle e -> new RunEvent.SpokeReady(info(e.spoke()));
                case HubEvent.SpokeBusy e -> new RunEvent.SpokeBusy(e.spoke().id());
                case HubEvent.SpokeLeft e -> new RunEvent.SpokeLeaving(e.spoke().id(), e.why());
                case HubEvent.SpokeLost e -> new RunEvent.SpokeLost(e.spoke().id(), e.why());
                default -> null;
            };
            if (told != null) {
                inbox.accept(told);
            }
        }

        @Override
        public void acquire(int spokeId) {
            SpokeRecord record = spokes.get(spokeId);
            if (record != null) {
                record.hold(true);
            }
        }

        @Override
        public void release(int spokeId) {
            SpokeRecord record = spokes.get(spokeId);
            if (record != null) {
                record.hold(false);
            }
        }

        @Override
        public void dispatch(int spokeId, long key, byte[] payload, long timeoutMillis) {
            SpokeRecord record = spokes.get(spokeId);
            long requestId = nextRequestId.getAndIncrement();
            Channel channel = record == null ? null
                    : record.startRequest(requestId, new SpokeRecord.Pending.TaskAttempt(key, inbox));
            if (channel == null) {
                inbox.accept(new RunEvent.SpokeLost(spokeId, "it could not take work (lost meanwhile)"));
                return;
            }
            write(record, channel, new Message.Task(requestId, payload, timeoutMillis));
        }

        private void write(SpokeRecord record, Channel channel, Message message) {
            channel.write(message).addListener(sent -> {
                if (!sent.isSuccess()) {
                    lose(record, "could not send to it: " + sent.cause(), false);
                }
            });
            unflushed.add(channel);
        }

        @Override
        public void flush() {
            for (Channel channel : unflushed) {
                channel.flush();
            }
            unflushed.clear();
        }

        @Override
        public void deliver(int spokeId, long key, byte[] body) {
            SpokeRecord record = spokes.get(spokeId);
            long requestId = record == null ? -1 : record.requestOf(key, inbox);
            Channel channel = record == null ? null : record.channel();
            if (requestId >= 0 && channel != null) {
                channel.write(new Message.TaskMessage(requestId, body));
                unflushed.add(channel);
            }
        }

        @Override
        public void end(int spokeId, String why) {
            endSpoke(spokeId, why);
        }

        @Override
        public void detach() {
            attached = false;
            HubEvents.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        for (SpokeRecord r : spokes.values()) {
            Channel channel = r.channel();
            if (channel != null) {
                channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
