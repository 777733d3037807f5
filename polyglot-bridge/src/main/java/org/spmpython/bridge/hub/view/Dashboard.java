package org.spmpython.bridge.hub.view;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.spmpython.bridge.hub.HubEvents;
import org.spmpython.bridge.wire.HostPort;

/**
 * The live web view of a hub ({@code --dashboard HOST:PORT}, DESIGN §14): an HTTP server of its
 * own, on one thread of its own, that hears the hub's event stream through an {@link EventInbox},
 * keeps a bounded {@link ViewModel}, and serves the page, {@code /api/state} and a stream of
 * states to browsers ({@link EventStreams}). Four times a second at most, and only when
 * something happened, it drains the inbox and sends the new state to the browsers that follow.
 */
public final class Dashboard implements AutoCloseable {
    static final String IDLE = "idle";
    static final int MAX_CONNECTIONS = 64;
    static final int MAX_STREAMS = 32;
    static final long TICK_MILLIS = 250;
    /** With nothing new, a state still goes out this often (the lost spokes age, the clock runs). */
    static final long REFRESH_MILLIS = 5_000;
    static final long KEEP_ALIVE_MILLIS = 15_000;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("spm-dashboard", true), NioIoHandler.newFactory());
    private final ChannelGroup connections = new DefaultChannelGroup(group.next());
    private final EventInbox inbox = new EventInbox(System.nanoTime(), () -> group.next().execute(this::drain));
    private final ViewModel model;
    private final EventStreams streams = new EventStreams();
    private final Assets assets = Assets.load();
    private final Access access;
    private final HubEvents.Subscription subscription;
    private final Channel server;
    private final String url;
    private long lastPublished;
    private long publishedVersion = -1;
    private long lastKeepAlive;

    private Dashboard(HostPort where, HubEvents events, String serverName) throws InterruptedException {
        this.model = new ViewModel(serverName);
        this.access = Access.forHost(where.host());
        this.subscription = events.subscribe(inbox);
        Channel bound;
        try {
            bound = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (connections.size() >= MAX_CONNECTIONS) {
                                ch.close();
                                return;
                            }
                            connections.add(ch);
                            ch.pipeline()
                                    .addLast(IDLE, new IdleStateHandler(0, 0, 60, TimeUnit.SECONDS))
                                    .addLast(new HttpServerCodec(4096, 8192, 8192))
                                    .addLast(new HttpObjectAggregator(16 * 1024))
                                    .addLast(new DashboardHandler(Dashboard.this));
                        }
                    })
                    .bind(where.host(), where.port()).sync().channel();
        } catch (Exception e) {
            // Netty throws a socket's checked exception (a port in use) undeclared: caught here too.
            close(null);
            throw e;
        }
        this.server = bound;
        this.url = url(where.host(), serverName, ((InetSocketAddress) bound.localAddress()).getPort(), access.token());
        group.next().scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the view at {@code where} (port 0: any free one), listening to {@code events} from now on.
     *
     * @param serverName the hub's server: shown on the page, and in the URL when bound to every address
     * @throws IllegalArgumentException when it cannot listen there, saying why
     */
    public static Dashboard start(HostPort where, HubEvents events, String serverName) {
        try {
            return new Dashboard(where, events, serverName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the dashboard", e);
        } catch (Exception e) {
            // Netty throws the socket's checked exceptions (a port in use, an address not here) unchecked.
            throw new IllegalArgumentException("--dashboard " + where + ": cannot listen there: " + e.getMessage(), e);
        }
    }

    /** Where people open the view, with its token when one is needed. */
    public String url() {
        return url;
    }

    /**
     * Writes the URL to {@code file}, readable by its owner only (it may carry the token): for a
     * session started with {@code -q}, and for tools.
     */
    public void writeUrlOwnerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.writeString(Files.createFile(file,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), url + "\n");
    }

    public boolean tokenRequired() {
        return access.tokenRequired();
    }

    static String url(String host, String serverName, int port, String token) {
        String shown = host;
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty()) {
            shown = serverName;
        } else if (host.contains(":") && !host.startsWith("[")) {
            shown = "[" + host + "]";
        }
        return "http://" + shown + ":" + port + "/" + (token == null ? "" : "?token=" + token);
    }

    // --- on the view's thread -------------------------------------------------------------------

    Assets assets() {
        return assets;
    }

    Access access() {
        return access;
    }

    EventStreams streams() {
        return streams;
    }

    long millisNow() {
        return inbox.millisNow();
    }

    /** The state now: every event heard so far applied first. */
    String stateJson() {
        inbox.drainInto(model);
        return model.json(inbox.millisNow());
    }

    private void drain() {
        inbox.drainInto(model);
    }

    private void tick() {
        try {
            inbox.drainInto(model);
            long now = inbox.millisNow();
            if (streams.size() == 0) {
                return;
            }
            if (model.version() != publishedVersion || now - lastPublished >= REFRESH_MILLIS) {
                streams.publish(model.json(now), now);
                publishedVersion = model.version();
                lastPublished = now;
                lastKeepAlive = now;
            } else if (now - lastKeepAlive >= KEEP_ALIVE_MILLIS) {
                streams.keepAlive();
                lastKeepAlive = now;
            }
        } catch (RuntimeException e) {
            // A bug of the view must not stop its ticks (nor ever reach the hub).
        }
    }

    @Override
    public void close() {
        close(server);
    }

    private void close(Channel bound) {
        if (subscription != null) {
            subscription.cancel();
        }
        if (bound != null) {
            bound.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
