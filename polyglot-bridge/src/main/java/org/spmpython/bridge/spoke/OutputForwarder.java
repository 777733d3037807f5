package org.spmpython.bridge.spoke;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

import org.spmpython.bridge.wire.Protocol;

/**
 * What a spoke's tasks print, sent to the hub, for a spoke whose output is in no log the hub
 * follows (docs/task-output.md). Reads the pipe the process's fds 1 and 2 write into, cuts it into
 * whole lines (a line longer than {@link #LONGEST_LINE} in pieces of that size, as the hub's slot
 * logs), and sends them in batches of at most {@link Protocol#MAX_SPOKE_OUTPUT_BYTES}. It never
 * waits for the hub: it reads the pipe whatever happens, so a task's print never blocks; a batch
 * the connection cannot take now (its send buffer full: a slow hub or network) is dropped and
 * counted, and the count is said in the next batch that goes. Its memory is one batch and one line;
 * the connection's send buffer holds at most {@link SpokeClient#OUTPUT_BUFFER_BYTES} of it.
 */
public final class OutputForwarder implements Runnable {
    static final int LONGEST_LINE = 8192;
    private static final int CHUNK = 16 * 1024;

    private final InputStream pipe;
    /** Sends one batch; false when the connection cannot take it now. */
    private final Predicate<String> send;
    private final StringBuilder batch = new StringBuilder();
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    private long dropped;

    OutputForwarder(InputStream pipe, Predicate<String> send) {
        this.pipe = pipe;
        this.send = send;
    }

    /** Reads fd {@code fd} (the pipe's read end) on a daemon thread of its own. */
    static void start(int fd, Predicate<String> send) throws IOException {
        InputStream in = new FileInputStream("/proc/self/fd/" + fd);
        Thread t = new Thread(new OutputForwarder(in, send), "spm-spoke-output");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        byte[] chunk = new byte[CHUNK];
        try {
            int n;
            while ((n = pipe.read(chunk)) > 0) {
                cut(chunk, n);
                if (pipe.available() == 0) {
                    flush(); // nothing more to read now: what there is goes (a flood fills whole batches)
                }
            }
        } catch (IOException e) {
            // the pipe is gone: the process ends
        }
        if (line.size() > 0) {
            endLine();
        }
        flush();
    }

    void cut(byte[] chunk, int n) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (chunk[i] == '\n') {
                line.write(chunk, start, i - start);
                endLine();
                start = i + 1;
            } else if (line.size() + (i - start) >= LONGEST_LINE) {
                line.write(chunk, start, i - start);
                endLine();
                start = i;
            }
        }
        line.write(chunk, start, n - start);
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        // UTF-8 is at most 3 bytes a char here: a batch stays within the limit.
        if ((batch.length() + text.length() + 1) * 3 > Protocol.MAX_SPOKE_OUTPUT_BYTES) {
            flush();
        }
        batch.append(text).append('\n');
    }

    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        String lines = batch.toString();
        if (dropped > 0) {
            lines = "[spm-python: " + dropped + " lines of output dropped: the connection to the hub was too slow]\n"
                    + lines;
        }
        if (send.test(lines)) {
            dropped = 0;
        } else {
            dropped += batch.chars().filter(c -> c == '\n').count();
        }
        batch.setLength(0);
    }
}
