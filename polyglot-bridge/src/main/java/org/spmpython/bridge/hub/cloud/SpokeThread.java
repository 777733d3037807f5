package org.spmpython.bridge.hub.cloud;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.spmpython.bridge.spoke.Spoke;
import org.spmpython.bridge.spoke.SpokeOptions;
import org.spmpython.bridge.wire.ProtocolException;
import org.spmpython.bridge.wire.Secret;
import org.spmpython.natives.Posix;

/**
 * A local spoke on a thread of the hub's JVM ({@code --spokes threads:N}): a GraalPy context of
 * its own (its own engine: compiled code is not shared, see docs/DESIGN-NOTES.md) that joins the
 * tracker over loopback like any spoke. It is ready a fraction of a second after it starts, and
 * shares the JVM's warm Graal compiler; what a process would isolate, it cannot: a native crash,
 * running out of heap, or a signal to the process reaches the hub too.
 *
 * <p>Its faults end only itself: a task that ends its interpreter ({@code os._exit}) or cannot be
 * interrupted ends the spoke (its context is cancelled, its connection closed) and the cloud
 * starts another. A thread stuck in a blocking call is left behind (a daemon: it dies with the hub).
 */
final class SpokeThread implements LocalSpoke {
    private final CompletableFuture<Long> threadId = new CompletableFuture<>();
    private final CountDownLatch registered = new CountDownLatch(1);
    /** Completes when the spoke has ended (the cloud may start another). */
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    /** Completes when its context, connection and log are closed. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicBoolean ending = new AtomicBoolean();
    private final SpokeOptions options;
    private final Path log;
    /** The slot's log: the spoke's Python output, its engine's messages and its own last words. */
    private final PrintStream out;
    private volatile Spoke spoke;

    private SpokeThread(SpokeOptions options, Path log, PrintStream out) {
        this.options = options;
        this.log = log;
        this.out = out;
    }

    /**
     * Starts the spoke's thread; returns once its {@link #pid()} is known; it joins after
     * {@link #registered()}.
     *
     * @throws IOException when its log cannot be written
     */
    static SpokeThread start(String name, SpokeOptions options, Path log) throws IOException {
        PrintStream out = new PrintStream(new FileOutputStream(log.toFile(), true), true, StandardCharsets.UTF_8);
        SpokeThread spoke = new SpokeThread(options, log, out);
        Thread thread = new Thread(spoke::run, name);
        thread.setDaemon(true);
        thread.start();
        spoke.threadId.join();
        return spoke;
    }

    @Override
    public void registered() {
        registered.countDown();
    }

    private void run() {
        threadId.complete(Posix.threadId());
        Spoke s = null;
        try {
            Secret secret = Secret.read(options.secretFile());
            s = new Spoke(options, false, new SlotLogHandler(out), this::end);
            spoke = s;
            s.writeOutputTo(log);
            registered.await();
            if (ending.get()) {
                close(s); // ended while it booted, maybe before end() could see the context
                return;
            }
            s.join(secret, threadId.join(), why -> end(why, 0));
            s.serve();
            end("it stopped serving", 0);
        } catch (ProtocolException | IOException e) {
            end(e.getMessage(), 1);
        } catch (InterruptedException e) {
            end("interrupted", 1);
        } catch (RuntimeException e) {
            // A context cancelled under the thread (the spoke was ended) lands here too.
            end(ending.get() ? "ended" : "failed: " + e, 1);
        } finally {
            if (s == null) {
                close(null); // its context never came to be: nothing else will close the log
            }
        }
    }

    /** Closes the spoke's context and connection (if it has them), then its log. */
    private void close(Spoke s) {
        if (s != null) {
            s.close();
        }
        out.close();
        closed.complete(null);
    }

    /** Ends the spoke once, from any thread: its co-processes, its loop, its context, its connection. */
    private void end(String why, int status) {
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        out.println("spm-python spoke: exiting: " + why);
        registered.countDown();
        Spoke s = spoke;
        if (s != null) {
            s.endCoprocesses();
            s.stop();
            // Closing waits for the interpreter thread to leave the context (for ever, if a
            // blocking call holds it): on a daemon thread of its own, never on this one (a Netty
            // thread, or the interpreter thread itself).
            Thread closer = new Thread(() -> close(s), "spm-spoke-close");
            closer.setDaemon(true);
            closer.start();
        }
        ended.complete("it ended" + (status == 0 ? "" : " (status " + status + ")") + ": " + why);
    }

    @Override
    public long pid() {
        return threadId.join();
    }

    @Override
    public CompletableFuture<String> ended() {
        return ended;
    }

    @Override
    public void stop() {
        end("the hub closed it", 0);
    }

    @Override
    public void kill() {
        end("the hub ended it", 0);
    }

    /**
     * Waits for the spoke's context to be closed, not only ended: the JVM's exit must not race a
     * closing engine (Truffle's shutdown hook then flushes a log handler that just closed, and
     * says so on stderr).
     */
    @Override
    public boolean awaitEnd(long millis) throws InterruptedException {
        try {
            closed.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
