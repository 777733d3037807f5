package org.spmpython.bridge.hub.cloud.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.spmpython.bridge.hub.cloud.LocalSpoke;
import org.spmpython.bridge.wire.Secret;

/**
 * A spoke started elsewhere through a local process that carries its channel: {@code ssh HOST
 * spm-python spoke ...} or {@code srun ... spm-python spoke ...}. The secret goes over that
 * process's stdin (never argv or the environment), and stdin stays open: when the local process
 * ends, the remote spoke reads the end of its stdin and exits (docs/CLUSTER.md). What the remote
 * spoke prints comes back through the process into the slot's log.
 */
final class ChannelSpoke implements LocalSpoke {
    /**
     * What the tracker knows a channel spoke by until it joins (it reports it in its HELLO): above
     * any process or thread id (at most 2^22 on Linux), so never one of a local spoke.
     */
    private static final AtomicLong NEXT_LAUNCH_ID = new AtomicLong(1L << 32);

    private final Process process;
    private final OutputStream channel;
    private final long launchId;
    private final String what;
    private final Path log;
    private final Gone gone;

    /** Once the channel ended before the spoke joined: why its place is gone for good, or null. */
    @FunctionalInterface
    interface Gone {
        String why(int status, String lastLine, boolean joined);
    }

    private ChannelSpoke(Process process, long launchId, String what, Path log, Gone gone) {
        this.process = process;
        this.channel = process.getOutputStream();
        this.launchId = launchId;
        this.what = what;
        this.log = log;
        this.gone = gone;
    }

    static long nextLaunchId() {
        return NEXT_LAUNCH_ID.getAndIncrement();
    }

    /**
     * Starts {@code command} and hands it the secret.
     *
     * @param what the channel, for people ("ssh to alpha", "srun on node1")
     * @param gone says whether an end means that the place cannot be reached (ssh's 255, a Slurm
     *     job that ended)
     */
    static ChannelSpoke start(List<String> command, long launchId, Secret secret, String what, Path log,
            Gone gone) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ChannelSpoke spoke = new ChannelSpoke(process, launchId, what, log, gone);
        try {
            spoke.channel.write((secret.text() + "\n").getBytes(StandardCharsets.US_ASCII));
            spoke.channel.flush();
        } catch (IOException e) {
            // It ended at once (ssh found no host): its end says why.
        }
        return spoke;
    }

    @Override
    public long pid() {
        return launchId;
    }

    @Override
    public CompletableFuture<String> ended() {
        return process.onExit().thenApply(p -> {
            String last = p.exitValue() == 0 ? "" : lastLine();
            return "its " + what + " ended with status " + p.exitValue() + (last.isEmpty() ? "" : ": " + last);
        });
    }

    @Override
    public String unreachable(boolean joined) {
        return process.isAlive() ? null : gone.why(process.exitValue(), lastLine(), joined);
    }

    /** The last line its log holds: what ssh or srun said as it failed. */
    private String lastLine() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - 1024);
            file.seek(from);
            byte[] tail = new byte[(int) (file.length() - from)];
            file.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).strip().split("\\R");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Closes the channel's stdin: the remote spoke reads its end and exits, and ssh or srun with
     * it (a SIGTERM to srun would cancel the step, and say so). {@link #kill()} follows if not.
     */
    @Override
    public void stop() {
        try {
            channel.close();
        } catch (IOException e) {
            // gone already
        }
    }

    @Override
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public boolean awaitEnd(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }
}
