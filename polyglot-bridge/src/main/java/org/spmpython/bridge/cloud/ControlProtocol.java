package org.spmpython.bridge.cloud;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The cloud's control port speaks lines of UTF-8 text, one request and its answer at a time:
 * the cloud opens with {@code spm-cloud VERSION NONCE}, the client answers with the HMAC of the
 * nonce under the cloud's secret (hex), the cloud says {@code ok} or closes. Then: {@code status}
 * (lines, then {@code .}), {@code stop} ({@code stopping}), or {@code borrow WANTED HOST PORT
 * SECRET LOST_AFTER_MS PID} ({@code attached}; the connection then stays open for the session's
 * life: its end is the session's end, and the cloud's end closes it).
 */
final class ControlProtocol {
    static final String GREETING = "spm-cloud";
    static final int VERSION = 1;
    /** Longest line either side reads: a request is short; more is not this protocol. */
    static final int MAX_LINE = 4096;
    static final String END_OF_STATUS = ".";

    private ControlProtocol() {
    }

    /** One side of a control connection. */
    static final class Line implements AutoCloseable {
        final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Line(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), MAX_LINE);
            this.out = socket.getOutputStream();
        }

        /** The next line; null at the end of the connection. */
        String read() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    return b.toString();
                }
                if (b.length() >= MAX_LINE) {
                    throw new IOException("a line longer than " + MAX_LINE + " characters");
                }
                b.append((char) c);
            }
            return b.isEmpty() ? null : b.toString();
        }

        synchronized void write(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }
}
