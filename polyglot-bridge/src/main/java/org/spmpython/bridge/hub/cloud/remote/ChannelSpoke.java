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
    private final int unreachableStatus;

    private ChannelSpoke(Process process, long launchId, String what, Path log, int unreachableStatus) {
        this.process = process;
        this.channel = process.getOutputStream();
        this.launchId = launchId;
        this.what = what;
        this.log = log;
        this.unreachableStatus = unreachableStatus;
    }

    static long nextLaunchId() {
        return NEXT_LAUNCH_ID.getAndIncrement();
    }

    /**
     * Starts {@code command} and hands it the secret.
     *
     * @param what the channel, for people ("ssh to alpha", "srun on node1")
     * @param unreachableStatus the status with which the channel says it could not reach the
     *     place (ssh's 255), or -1
     */
    static ChannelSpoke start(List<String> command, long launchId, Secret secret, String what, Path log,
            int unreachableStatus) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ChannelSpoke spoke = new ChannelSpoke(process, launchId, what, log, unreachableStatus);
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
    public String unreachable() {
        if (process.isAlive() || unreachableStatus < 0 || process.exitValue() != unreachableStatus) {
            return null;
        }
        String last = lastLine();
        return "cannot reach " + what.replaceFirst("^ssh to ", "ssh host ") + (last.isEmpty() ? "" : " (" + last + ")");
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

    @Override
    public void stop() {
        try {
            channel.close(); // the remote spoke reads the end of its stdin and exits
        } catch (IOException e) {
            // gone already
        }
        process.destroy();
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
