package org.spmpython.bridge.cloud;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.spmpython.bridge.wire.HostPort;
import org.spmpython.bridge.wire.Secret;
import org.spmpython.bridge.wire.SocketTrouble;

/**
 * The other side of the cloud's control port: the {@code cloud status|stop} subcommands and a
 * session that borrows spokes. Every failure is an {@link IOException} whose message says what
 * went wrong in words (refused, no answer, wrong secret).
 */
public final class CloudClient {
    /** A cloud that does not answer within this is taken as gone: a session never hangs on it. */
    private static final int ANSWER_MILLIS = 10_000;

    private CloudClient() {
    }

    /** Connects and proves the secret; the line is ready for one request. */
    private static ControlProtocol.Line open(HostPort cloud, Secret secret) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(cloud.host(), cloud.port()), ANSWER_MILLIS);
            socket.setSoTimeout(ANSWER_MILLIS);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot reach the cloud at " + cloud + ": " + SocketTrouble.reason(e), e);
        }
        ControlProtocol.Line line = new ControlProtocol.Line(socket);
        try {
            String greeting = line.read();
            String[] words = greeting == null ? new String[0] : greeting.split(" ");
            if (words.length != 3 || !words[0].equals(ControlProtocol.GREETING)) {
                throw new IOException("the cloud at " + cloud + " is not an spm-python cloud (it said '" + greeting + "')");
            }
            if (!words[1].equals(Integer.toString(ControlProtocol.VERSION))) {
                throw new IOException("the cloud at " + cloud + " speaks version " + words[1] + ", this spm-python "
                        + ControlProtocol.VERSION);
            }
            line.write(HexFormat.of().formatHex(secret.prove(HexFormat.of().parseHex(words[2]))));
            String answer = line.read();
            if (!"ok".equals(answer)) {
                throw new IOException("the cloud at " + cloud + " refused this session: "
                        + (answer == null ? "it closed the connection" : answer) + " (wrong --secret-file?)");
            }
            return line;
        } catch (IOException | RuntimeException e) {
            line.close();
            if (e instanceof java.net.SocketTimeoutException) {
                throw new IOException("the cloud at " + cloud + " does not answer", e);
            }
            throw e instanceof IOException io ? io : new IOException("the cloud at " + cloud + ": " + e.getMessage(), e);
        }
    }

    /** {@code cloud status}: the cloud's lines. */
    public static List<String> status(HostPort cloud, Secret secret) throws IOException {
        try (ControlProtocol.Line line = open(cloud, secret)) {
            line.write("status");
            List<String> lines = new ArrayList<>();
            String l;
            while ((l = line.read()) != null && !l.equals(ControlProtocol.END_OF_STATUS)) {
                lines.add(l);
            }
            return lines;
        }
    }

    /** {@code cloud stop}: asks the cloud to end; returns once it said it stops. */
    public static void stop(HostPort cloud, Secret secret) throws IOException {
        try (ControlProtocol.Line line = open(cloud, secret)) {
            line.write("stop");
            String answer = line.read();
            if (!"stopping".equals(answer)) {
                throw new IOException("the cloud at " + cloud + " did not stop: " + answer);
            }
        }
    }

    /** A session's attachment: held open for the session's life. */
    public static final class Borrowing implements AutoCloseable {
        private final ControlProtocol.Line line;
        private final HostPort cloud;
        private final int sessionId;

        private Borrowing(ControlProtocol.Line line, HostPort cloud, int sessionId) {
            this.line = line;
            this.cloud = cloud;
            this.sessionId = sessionId;
        }

        public HostPort cloud() {
            return cloud;
        }

        public int sessionId() {
            return sessionId;
        }

        /** Runs {@code onCloudGone} (on a thread of its own) if the cloud ends first. */
        public void whenCloudGone(Runnable onCloudGone) {
            Thread.ofPlatform().daemon().name("spm-cloud-watch").start(() -> {
                try {
                    while (line.read() != null) {
                        // the cloud says nothing more
                    }
                } catch (IOException e) {
                    // closed: by us, or the cloud went
                }
                if (!line.socket.isClosed()) {
                    onCloudGone.run();
                }
            });
        }

        @Override
        public void close() {
            line.close();
        }
    }

    /**
     * Attaches a session: the cloud lends it up to {@code wanted} spokes, told to join its
     * tracker at {@code tracker} with its {@code sessionSecret}.
     */
    public static Borrowing borrow(HostPort cloud, Secret secret, int wanted, HostPort tracker, Secret sessionSecret,
            Duration lostAfter, long pid) throws IOException {
        ControlProtocol.Line line = open(cloud, secret);
        try {
            line.write(String.join(" ", "borrow", Integer.toString(wanted), tracker.host(),
                    Integer.toString(tracker.port()), sessionSecret.hex(), Long.toString(lostAfter.toMillis()),
                    Long.toString(pid)));
            String answer = line.read();
            if (answer == null || !answer.startsWith("attached ")) {
                throw new IOException("the cloud at " + cloud + " did not take this session: " + answer);
            }
            line.socket.setSoTimeout(0);
            return new Borrowing(line, cloud, Integer.parseInt(answer.substring("attached ".length()).trim()));
        } catch (IOException | RuntimeException e) {
            line.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }
}
