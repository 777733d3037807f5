package org.spmpython.bridge.hub;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Shows the lines spokes forward ({@link org.spmpython.bridge.wire.Message.SpokeOutput}) on a
 * thread of its own, so that a slow terminal never holds up the tracker's event loop (and with it
 * every spoke's heartbeats and results). It keeps at most {@link #BATCHES} batches (64 KiB each)
 * waiting; a batch beyond that is dropped, and how many lines were is said with the next one shown.
 */
final class ForwardedOutput {
    static final int BATCHES = 64;

    private record Batch(String prefix, String lines) {
    }

    private final BlockingQueue<Batch> waiting = new ArrayBlockingQueue<>(BATCHES);
    private final Consumer<String> sink;
    private long dropped;

    ForwardedOutput(Consumer<String> sink) {
        this.sink = sink;
        Thread t = new Thread(this::show, "spm-spoke-output");
        t.setDaemon(true);
        t.start();
    }

    /** From the event loop: never waits. */
    void add(String prefix, String lines) {
        if (!waiting.offer(new Batch(prefix, lines))) {
            synchronized (this) {
                dropped += lines.lines().count();
            }
        }
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
            }
            if (lost > 0) {
                sink.accept("spm-python: " + lost + " lines spokes printed were not shown: the terminal was too slow");
            }
            b.lines().lines().forEach(line -> sink.accept(b.prefix() + line));
        }
    }
}
