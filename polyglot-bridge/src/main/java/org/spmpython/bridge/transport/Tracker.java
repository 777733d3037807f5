package org.spmpython.bridge.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The hub's tracker: a Netty server that accepts spokes at any time, authenticates them, and
 * knows each one's server, core, state and heartbeat. Runs on its own Netty threads, never
 * calling into Python: Python asks it for snapshots and hands it work (DESIGN §2, §10).
 */
public final class Tracker implements AutoCloseable {
    /**
     * @param host address to listen on ("127.0.0.1" for local spokes only)
     * @param port port, 0 for any free one
     * @param lostAfter a spoke silent this long is lost
     */
    public record Config(String host, int port, Duration lostAfter) {
        /** Spokes heartbeat five times per lostAfter. */
        Duration heartbeat() {
            return lostAfter.dividedBy(5);
        }
    }

    private static final Duration LOST_KEPT = Duration.ofSeconds(60);

    private final Secret secret;
    private final Config config;
    private final EventLog log;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<Integer, SpokeRecord> spokes = new ConcurrentHashMap<>();
    private final AtomicInteger nextSpokeId = new AtomicInteger(1);
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private final List<Consumer<SpokeView>> lostListeners = new CopyOnWriteArrayList<>();
    private final SourceServer sources = new SourceServer();
    private final Channel server;
    /** Spokes the hub ended on purpose (endSpoke): their exits are not crashes. */
    private final Set<Integer> endedOnRequest = ConcurrentHashMap.newKeySet();
    /** Set once the spokes are told to exit: their connections then end without a word in the log. */
    private volatile boolean shuttingDown;

    private Tracker(Secret secret, Config config, EventLog log) throws InterruptedException {
        this.secret = secret;
        this.config = config;
        this.log = log;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Protocol.addCodec(ch.pipeline());
                        ch.pipeline().addLast("hub", new HubConnection(Tracker.this));
                    }
                })
                .bind(config.host(), config.port()).sync().channel();
    }

    public static Tracker start(Secret secret, Config config, EventLog log) throws InterruptedException {
        return new Tracker(secret, config, log);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** What the hub serves to spokes that cannot see its files. */
    public SourceServer sources() {
        return sources;
    }

    Secret secret() {
        return secret;
    }

    Config config() {
        return config;
    }

    EventLog log() {
        return log;
    }

    /** The cloud launched a spoke process: it is booting until it joins. Returns its id. */
    public int booting(long pid, String serverName, int core) {
        int id = nextSpokeId.getAndIncrement();
        spokes.put(id, new SpokeRecord(id, true, serverName, core, pid, SpokeState.BOOTING));
        return id;
    }

    /** A spoke's process ended (the cloud saw it): the spoke is lost, if it was not already. */
    public void processEnded(int spokeId, String why) {
        SpokeRecord record = spokes.get(spokeId);
        if (record != null) {
            lose(record, why);
        }
    }

    /** A spoke proved the secret: the record of its launch, or a new one for a remote spoke. */
    SpokeRecord join(Channel channel, Message.Hello hello) {
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
        return record;
    }

    void lose(SpokeRecord record, String why) {
        if (record.lose(why)) {
            Channel channel = record.channel();
            if (channel != null) {
                channel.close();
            }
            SpokeView view = record.view();
            lostListeners.forEach(l -> l.accept(view));
        }
    }

    /** Called (on a Netty thread) with each spoke that is lost. */
    public void onLost(Consumer<SpokeView> listener) {
        lostListeners.add(listener);
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

    /** Sends Python source to a spoke; the future completes with its outcome or a {@link SpokeLostException}. */
    public CompletableFuture<Message.Evaluated> evaluate(int spokeId, String source) {
        return send(spokeId, false, id -> new Message.Evaluate(id, source)).thenApply(m -> (Message.Evaluated) m);
    }

    /** Gives a spoke one task; the future completes with how it ended, or a {@link SpokeLostException}. */
    public CompletableFuture<Message.TaskDone> runTask(int spokeId, byte[] payload, long timeoutMillis) {
        return send(spokeId, true, id -> new Message.Task(id, payload, timeoutMillis)).thenApply(m -> (Message.TaskDone) m);
    }

    private CompletableFuture<Message> send(int spokeId, boolean task, java.util.function.LongFunction<Message> request) {
        CompletableFuture<Message> future = new CompletableFuture<>();
        SpokeRecord record = spokes.get(spokeId);
        long requestId = nextRequestId.getAndIncrement();
        Channel channel = record == null ? null : record.startRequest(requestId, future, task);
        if (channel == null) {
            future.completeExceptionally(new SpokeLostException(spokeId, "no such spoke ready for work"));
            return future;
        }
        channel.writeAndFlush(request.apply(requestId)).addListener(sent -> {
            if (!sent.isSuccess()) {
                lose(record, "could not send to it: " + sent.cause());
            }
        });
        return future;
    }

    /** A spoke answered a request (an evaluation or a task). */
    void answered(SpokeRecord record, long requestId, Message answer) {
        CompletableFuture<Message> future = record.finishRequest(requestId);
        if (future != null) {
            future.complete(answer);
        }
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
        lose(record, why);
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
