package org.spmpython.bridge.spoke;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.spmpython.bridge.python.SpokeServices;
import org.spmpython.bridge.wire.HostPort;
import org.spmpython.bridge.wire.Message;
import org.spmpython.bridge.wire.Protocol;
import org.spmpython.bridge.wire.ProtocolException;
import org.spmpython.bridge.wire.Secret;
import org.spmpython.bridge.wire.SocketTrouble;
import org.spmpython.bridge.wire.Tls;

/**
 * A spoke's connection to its hub: answers the challenge, heartbeats, and hands each piece of
 * work ({@link Message.Evaluate}, {@link Message.Task}) to the spoke's interpreter thread through
 * a queue (Netty threads never call Python). While a task runs, messages travel both ways keyed by
 * that task ({@link Message.TaskMessage}): the hub's go to the task's {@link TaskMailbox}.
 * When the hub says so, goes silent or goes away, {@code onHubGone} runs once.
 */
public final class SpokeClient implements AutoCloseable, SpokeServices.Link {
    /** Who this spoke is, as it tells the hub. */
    public record Identity(String serverName, int core, long pid) {
    }

    /** What of a task's forwarded output the connection may hold unsent; more is dropped (OutputForwarder). */
    static final int OUTPUT_BUFFER_BYTES = 4 * 1024 * 1024;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final CompletableFuture<Message.Welcome> welcome = new CompletableFuture<>();
    private final Channel channel;
    private final Map<Long, CompletableFuture<Message.Fetched>> fetches = new ConcurrentHashMap<>();
    private final AtomicLong nextFetch = new AtomicLong(1);
    private final TaskMailbox mailbox;
    private final BooleanSupplier hubStopped;

    private SpokeClient(String host, int port, Secret secret, Identity identity, Duration lostAfter,
            BooleanSupplier hubStopped, BlockingQueue<Message> work, TaskMailbox mailbox, HubGone onHubGone)
            throws InterruptedException {
        this.hubStopped = hubStopped;
        this.mailbox = mailbox;
        ChannelFuture connecting = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(OUTPUT_BUFFER_BYTES / 4, OUTPUT_BUFFER_BYTES))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (secret.tlsPin() != null) {
                            Tls.addClient(ch.pipeline(), ch.alloc(), secret.tlsPin(), new HostPort(host, port));
                        }
                        Protocol.addCodec(ch.pipeline());
                        Protocol.watchSilence(ch.pipeline(), "idle",
                                new IdleStateHandler(lostAfter.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast("spoke", new Handler(secret, identity, work, onHubGone));
                    }
                })
                .connect(host, port).awaitUninterruptibly();
        if (!connecting.isSuccess()) {
            // Netty's threads would keep the JVM alive: they go, and the caller hears why in words.
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            throw new ProtocolException("cannot reach the hub at " + host + ":" + port + ": "
                    + SocketTrouble.reason(connecting.cause()), connecting.cause());
        }
        this.channel = connecting.channel();
    }

    /** Told once, with why, when the hub is gone (it said so, went silent or closed). */
    @FunctionalInterface
    public interface HubGone {
        void hubGone(String why);
    }

    /**
     * Connects and authenticates; returns once the hub has welcomed this spoke.
     *
     * @throws ProtocolException when the hub refuses or does not answer within {@code lostAfter}
     */
    public static SpokeClient join(HostPort hub, Secret secret, Identity identity, Duration lostAfter,
            BlockingQueue<Message> work, TaskMailbox mailbox, HubGone onHubGone) throws InterruptedException {
        return join(hub, secret, identity, lostAfter, () -> false, work, mailbox, onHubGone);
    }

    /**
     * As {@link #join(HostPort, Secret, Identity, Duration, BlockingQueue, TaskMailbox, HubGone)};
     * a hub silent while {@code hubStopped} holds (a local hub stopped by Ctrl-Z) is waited for
     * rather than gone.
     */
    public static SpokeClient join(HostPort hub, Secret secret, Identity identity, Duration lostAfter,
            BooleanSupplier hubStopped, BlockingQueue<Message> work, TaskMailbox mailbox, HubGone onHubGone)
            throws InterruptedException {
        String host = hub.host();
        int port = hub.port();
        SpokeClient client = new SpokeClient(host, port, secret, identity, lostAfter, hubStopped, work, mailbox,
                onHubGone);
        try {
            client.welcome.get(lostAfter.toMillis() * 2, TimeUnit.MILLISECONDS);
            return client;
        } catch (ExecutionException | TimeoutException e) {
            client.close();
            String refusal = e.getCause() instanceof HubRefused ? e.getCause().getMessage() : null;
            String why = e.getCause() != null ? e.getCause().getMessage() : "no answer";
            // A TLS hub waits, silent, for a handshake that a spoke without the pin never starts.
            boolean silent = e instanceof TimeoutException || why.startsWith("no heartbeat");
            throw new ProtocolException(refusal != null ? refusal : "the hub at " + host + ":" + port
                    + " did not accept this spoke: " + why + (silent && secret.tlsPin() == null
                            ? " (a hub with --tls answers only spokes given the secret file of its session, which pins"
                                    + " its certificate)" : ""), e);
        }
    }

    public int spokeId() {
        return welcome.join().spokeId();
    }

    public void send(Message result) {
        channel.writeAndFlush(result);
    }

    /**
     * Sends a message; the answer says when it is written to the connection (the kernel holds it:
     * it reaches the hub even if this process dies next).
     */
    public ChannelFuture sendTracked(Message result) {
        return channel.writeAndFlush(result);
    }

    /**
     * Sends what the spoke's tasks printed (whole lines), unless the connection holds too much
     * unsent already: then false, and nothing waits.
     */
    boolean sendOutput(String lines) {
        if (!channel.isWritable()) {
            return false;
        }
        channel.writeAndFlush(new Message.SpokeOutput(lines));
        return true;
    }

    /** The hub's next message for the running task, waiting up to {@code limit}; null when none came. */
    @Override
    public byte[] receiveForTask(Duration limit) throws InterruptedException {
        return mailbox.receive(limit);
    }

    /** Sends the hub a message from the running task; false when no task runs. */
    @Override
    public boolean sendFromTask(byte[] body) {
        long task = mailbox.task();
        if (task < 0) {
            return false;
        }
        channel.writeAndFlush(new Message.TaskMessage(task, body));
        return true;
    }

    /** Sends a message and waits until it is written to the connection (or failed), up to {@code limit}. */
    public void sendInOrder(Message message, Duration limit) {
        channel.writeAndFlush(message).awaitUninterruptibly(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends {@code last} and waits until it is written (or {@code limit} passes): a spoke's last words. */
    public void sendBeforeExit(Message last, Duration limit) {
        sendInOrder(last, limit);
    }

    /**
     * Asks the hub for a module's source (called on the interpreter thread; waits for the answer).
     *
     * @throws ProtocolException when the hub does not answer within {@code limit}
     */
    @Override
    public Message.Fetched fetch(String folder, String module, String knownHash, Duration limit)
            throws InterruptedException {
        long id = nextFetch.getAndIncrement();
        CompletableFuture<Message.Fetched> answer = new CompletableFuture<>();
        fetches.put(id, answer);
        try {
            channel.writeAndFlush(new Message.Fetch(id, folder, module, knownHash));
            return answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ProtocolException("the hub did not send " + module + " from " + folder, e);
        } finally {
            fetches.remove(id);
        }
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** This spoke refused the hub (TLS: not the pinned certificate): said as it is, not as the hub's refusal. */
    private static final class HubRefused extends RuntimeException {
        HubRefused(String message) {
            super(message);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<Message> {
        private final Secret secret;
        private final Identity identity;
        private final BlockingQueue<Message> work;
        private final HubGone onHubGone;
        private boolean gone;
        /** Messages read (on the event loop only), and a silence under a second look. */
        private long reads;
        private boolean recheckPending;
        private long recheckMillis = 1000;

        Handler(Secret secret, Identity identity, BlockingQueue<Message> work, HubGone onHubGone) {
            this.secret = secret;
            this.identity = identity;
            this.work = work;
            this.onHubGone = onHubGone;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message message) {
            reads++;
            switch (message) {
                case Message.Challenge c -> {
                    if (c.protocolVersion() != Protocol.VERSION) {
                        hubGone(ctx, "the hub speaks protocol " + c.protocolVersion() + ", this spoke " + Protocol.VERSION);
                        return;
                    }
                    ctx.writeAndFlush(new Message.Hello(Protocol.VERSION, secret.prove(c.nonce()),
                            identity.serverName(), identity.core(), identity.pid()));
                }
                case Message.Welcome w -> {
                    welcome.complete(w);
                    recheckMillis = 2L * w.heartbeatMillis();
                    ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(new Message.Heartbeat()),
                            0, w.heartbeatMillis(), TimeUnit.MILLISECONDS);
                }
                case Message.Heartbeat h -> { }
                case Message.Evaluate e -> work.add(e);
                case Message.Task t -> work.add(t);
                case Message.Lend l -> work.add(l);
                case Message.TaskMessage m -> mailbox.deliver(m.taskId(), m.body());
                case Message.Fetched f -> {
                    CompletableFuture<Message.Fetched> waiting = fetches.get(f.requestId());
                    if (waiting != null) {
                        waiting.complete(f);
                    }
                }
                case Message.Shutdown s -> hubGone(ctx, "the hub asked it to exit: " + s.reason());
                default -> hubGone(ctx, "the hub sent " + message.type());
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent && !hubStopped.getAsBoolean() && !recheckPending) {
                // Gone unless something arrives within a while more: this spoke may have been
                // stopped itself (a spoke thread in a hub resumed after Ctrl-Z) with the hub's
                // heartbeats unread.
                recheckPending = true;
                long seen = reads;
                ctx.executor().schedule(() -> {
                    recheckPending = false;
                    if (reads == seen && !hubStopped.getAsBoolean()) {
                        hubGone(ctx, "no heartbeat from the hub");
                    }
                }, recheckMillis, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            String tls = Tls.clientTrouble(cause);
            if (tls != null && !welcome.isDone()) {
                gone = true;
                ctx.close();
                welcome.completeExceptionally(new HubRefused(tls));
                return;
            }
            hubGone(ctx, tls != null ? tls : cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            hubGone(ctx, welcome.isDone() ? "the connection to the hub closed"
                    : "the hub closed the connection before welcoming this spoke (wrong secret or protocol?)");
        }

        private void hubGone(ChannelHandlerContext ctx, String why) {
            if (gone) {
                return;
            }
            gone = true;
            ctx.close();
            // Before the welcome, join() reports the refusal; after it, the spoke must go.
            if (!welcome.completeExceptionally(new ProtocolException(why))) {
                onHubGone.hubGone(why);
            }
        }
    }
}
