package org.spmpython.bridge.hub;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Shows the lines spokes forward ({@link org.spmpython.bridge.wire.Message.SpokeOutput}) on a
 * thread of its own, so that a slow terminal never holds up the tracker's event loop (and with it
 * every spoke's heartbeats and results). It keeps at most {@link #WAITING_CHARS} of them waiting
 * (a 200,000-line flood fits); a batch beyond that is dropped, and how many lines were is said
 * with the next one shown.
 */
final class ForwardedOutput {
    static final long WAITING_CHARS = 8L * 1024 * 1024;

    private record Batch(String prefix, String lines) {
    }

    private final BlockingQueue<Batch> waiting = new LinkedBlockingQueue<>();
    private final Consumer<String> sink;
    private long dropped;
    /** Chars waiting (guarded by this). */
    private long queued;

    ForwardedOutput(Consumer<String> sink) {
        this.sink = sink;
        Thread t = new Thread(this::show, "spm-spoke-output");
        t.setDaemon(true);
        t.start();
    }

    /** From the event loop: never waits. */
    void add(String prefix, String lines) {
        synchronized (this) {
            if (queued + lines.length() > WAITING_CHARS) {
                dropped += lines.lines().count();
                return;
            }
            queued += lines.length();
        }
        waiting.add(new Batch(prefix, lines));
    }

    private void show() {
        while (true) {
            Batch b;
            try {
                b = waiting.take();
            } catch (InterruptedException e) {
                return;
            }
            long lost;
            synchronized (this) {
                lost = dropped;
                dropped = 0;
                queued -= b.lines().length();
            }
            if (lost > 0) {
                sink.accept("spm-python: " + lost + " lines spokes printed were not shown: the terminal was too slow");
            }
            b.lines().lines().forEach(line -> sink.accept(b.prefix() + line));
        }
    }
}
