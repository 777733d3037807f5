package org.spmpython.bridge.cloud;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.spmpython.bridge.hub.HubEvent;
import org.spmpython.bridge.hub.HubEvents;
import org.spmpython.bridge.wire.HostPort;
import org.spmpython.bridge.wire.Secret;

/**
 * The cloud's control port ({@link ControlProtocol}): a thread per connection (virtual), each
 * first proving the cloud's secret. An unauthenticated, malformed or unknown request closes
 * that connection with a logged reason and never stops the cloud.
 */
final class ControlServer implements AutoCloseable {
    /** Time a connection has to prove the secret and send its request. */
    private static final int HANDSHAKE_MILLIS = 10_000;

    /** What the control port asks of the cloud. */
    interface Cloud {
        List<String> status();

        void stop();

        /** A session attached; runs until it detaches. */
        void attach(Session session);

        void detach(Session session);
    }

    private final ServerSocket server;
    private final Secret secret;
    private final Cloud cloud;
    private final HubEvents events;
    private final Set<ControlProtocol.Line> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextSession = new AtomicInteger(1);
    private volatile boolean closed;

    private ControlServer(ServerSocket server, Secret secret, Cloud cloud, HubEvents events) {
        this.server = server;
        this.secret = secret;
        this.cloud = cloud;
        this.events = events;
    }

    /** Listens at {@code where} (port 0: any free one). */
    static ControlServer start(HostPort where, Secret secret, Cloud cloud, HubEvents events) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(where.host(), where.port()));
        ControlServer control = new ControlServer(socket, secret, cloud, events);
        Thread.ofPlatform().daemon().name("spm-cloud-control").start(control::accept);
        return control;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().name("spm-cloud-session").start(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    events.publish(new HubEvent.Notice("cloud", "control port: " + e.getMessage()));
                }
            }
        }
    }

    private void serve(Socket socket) {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        try (ControlProtocol.Line line = new ControlProtocol.Line(socket)) {
            open.add(line);
            socket.setSoTimeout(HANDSHAKE_MILLIS);
            byte[] nonce = Secret.nonce();
            line.write(ControlProtocol.GREETING + " " + ControlProtocol.VERSION + " " + HexFormat.of().formatHex(nonce));
            String proof = line.read();
            if (proof == null || !proven(nonce, proof)) {
                refuse(line, peer, "it does not know the cloud's secret");
                return;
            }
            line.write("ok");
            String request = line.read();
            if (request == null) {
                return;
            }
            String[] words = request.split(" ");
            switch (words[0]) {
                case "status" -> {
                    for (String l : cloud.status()) {
                        line.write(l);
                    }
                    line.write(ControlProtocol.END_OF_STATUS);
                }
                case "stop" -> {
                    line.write("stopping");
                    cloud.stop();
                }
                case "borrow" -> borrow(line, peer, words);
                default -> refuse(line, peer, "unknown request '" + words[0] + "'");
            }
        } catch (IOException e) {
            if (!closed) {
                events.publish(new HubEvent.Notice("cloud", "control connection from " + peer + " ended: " + e.getMessage()));
            }
        } finally {
            open.removeIf(l -> l.socket == socket);
        }
    }

    private void borrow(ControlProtocol.Line line, String peer, String[] words) throws IOException {
        Session session;
        try {
            if (words.length != 7) {
                throw new IllegalArgumentException("borrow takes 6 words, not " + (words.length - 1));
            }
            session = new Session(nextSession.getAndIncrement(), Long.parseLong(words[6]), words[2],
                    Integer.parseInt(words[3]), Secret.ofHex(words[4]), Duration.ofMillis(Long.parseLong(words[5])),
                    Integer.parseInt(words[1]));
        } catch (IllegalArgumentException e) {
            refuse(line, peer, "a malformed borrow: " + e.getMessage());
            return;
        }
        line.socket.setSoTimeout(0);
        cloud.attach(session);
        events.publish(new HubEvent.Notice("cloud", "session " + session.id() + " (pid " + session.pid()
                + ") attached"));
        try {
            line.write("attached " + session.id());
            // The session says nothing more: the end of its connection is its end.
            while (line.read() != null) {
                // ignored
            }
        } catch (SocketException gone) {
            // the session's process ended: its socket was reset
        } finally {
            cloud.detach(session);
            if (!closed) {
                events.publish(new HubEvent.Notice("cloud", "session " + session.id() + " (pid " + session.pid()
                        + ") detached"));
            }
        }
    }

    private boolean proven(byte[] nonce, String proofHex) {
        try {
            return secret.verify(nonce, HexFormat.of().parseHex(proofHex.trim()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void refuse(ControlProtocol.Line line, String peer, String why) throws IOException {
        events.publish(new HubEvent.Notice("cloud", "refused a control connection from " + peer + ": " + why));
        line.write("refused: " + why);
    }

    /** Stops listening and closes every connection: attached sessions see the cloud's end. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closed already
        }
        open.forEach(ControlProtocol.Line::close);
    }
}
