package org.spmpython.bridge.hub.cloud;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the local cloud's spokes print (their tasks' stdout and stderr), shown at the hub as it
 * comes, one whole line at a time, each with its spoke: {@code (spoke 3@vm) text}. It follows
 * each slot's log, where a spoke's output goes (a spoke process's fds 1 and 2; a spoke thread's
 * sys.stdout and sys.stderr): a task writes to a file, so printing never waits for the hub, and
 * the hub reads the file a chunk at a time, so a task printing 200,000 lines costs the hub no
 * more memory than a chunk and one line. A line longer than {@link #LONGEST_LINE} is shown in
 * pieces of that size. The spoke's own last words ("spm-python spoke: exiting: ...") stay in
 * the log. docs/task-output.md.
 */
final class TaskOutput implements AutoCloseable {
    static final int LONGEST_LINE = 8192;
    private static final int CHUNK = 64 * 1024;
    private static final long POLL_MILLIS = 100;
    /** A spoke's own lines, not its tasks': not shown. */
    private static final String SPOKE_OWN = "spm-python spoke: exiting: ";

    private final Consumer<String> sink;
    private final Map<Integer, Follower> slots = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spm-task-output");
        t.setDaemon(true);
        return t;
    });

    /** @param sink takes each line to show (already prefixed) */
    TaskOutput(Consumer<String> sink) {
        this.sink = sink;
        reader.scheduleWithFixedDelay(this::readAll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The slot's spoke is now this one (its lines get its name); what the last one wrote is shown first. */
    void spokeOf(int slot, Path log, String name) {
        Follower f = slots.computeIfAbsent(slot, s -> new Follower(log, name));
        synchronized (f) {
            if (!f.name.equals(name)) {
                f.read(); // the last spoke's lines, under its name
                f.flushPartial();
                f.name = name;
            }
        }
    }

    /** Shows what the slot's log holds now (its spoke ended: its last lines before another's). */
    void drain(int slot) {
        Follower f = slots.get(slot);
        if (f != null) {
            synchronized (f) {
                f.read();
                f.flushPartial();
            }
        }
    }

    private void readAll() {
        for (Follower f : slots.values()) {
            synchronized (f) {
                f.read();
            }
        }
    }

    /** Stops following, after showing what every log holds. */
    @Override
    public void close() {
        reader.shutdownNow();
        try {
            reader.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Follower f : slots.values()) {
            synchronized (f) {
                f.read();
                f.flushPartial();
            }
        }
    }

    /** One slot's log, read from where it was left. */
    private final class Follower {
        private final Path log;
        private long offset;
        private final byte[] chunk = new byte[CHUNK];
        private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
        private String name;

        Follower(Path log, String name) {
            this.log = log;
            this.name = name;
        }

        void read() {
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                if (file.length() < offset) {
                    offset = 0; // a new log
                }
                file.seek(offset);
                int n;
                while ((n = file.read(chunk)) > 0) {
                    offset += n;
                    split(n);
                }
            } catch (IOException e) {
                // no log yet, or it is gone with the session
            }
        }

        private void split(int n) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    partial.write(chunk, start, i - start);
                    emit();
                    start = i + 1;
                } else if (partial.size() + (i - start) >= LONGEST_LINE) {
                    partial.write(chunk, start, i - start);
                    emit();
                    start = i;
                }
            }
            partial.write(chunk, start, n - start);
        }

        void flushPartial() {
            if (partial.size() > 0) {
                emit();
            }
        }

        private void emit() {
            String text = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (!text.startsWith(SPOKE_OWN)) {
                sink.accept("(" + name + ") " + text);
            }
        }
    }
}
