package org.spmpython.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.spmpython.bridge.transport.EventLog;
import org.spmpython.bridge.transport.SpokeState;
import org.spmpython.bridge.transport.SpokeView;
import org.spmpython.bridge.transport.Tracker;
import org.spmpython.natives.Posix;

/**
 * The local virtual cloud: N spoke processes on this server, one per core by default, started in
 * the background and relaunched when one dies or is lost, until the hub closes it. Each runs
 * {@code spm-python spoke ... --parent <hub pid>}, so it dies with the hub whatever ends the hub.
 *
 * <p>All launches happen on one long-lived thread: the kernel's parent-death signal fires when
 * the <em>thread</em> that started a process ends.
 */
final class LocalCloud implements AutoCloseable {
    /** A slot whose spoke crashed this often within {@link #RELAUNCH_WINDOW} is given up on. */
    private static final int MAX_RELAUNCHES = 5;
    private static final Duration RELAUNCH_WINDOW = Duration.ofMinutes(1);
    private static final Duration RELAUNCH_DELAY = Duration.ofMillis(500);
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final Tracker tracker;
    private final EventLog log;
    private final int size;
    private final Path secretFile;
    private final String serverName;
    private final Duration lostAfter;
    private final Path logDir;
    private final ScheduledExecutorService launcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spm-cloud");
        t.setDaemon(true);
        return t;
    });
    /** Live spoke processes by spoke id. */
    private final Map<Integer, Launched> running = new ConcurrentHashMap<>();
    private final List<List<Long>> relaunchTimes = new ArrayList<>();
    private volatile boolean closed;

    private record Launched(int slot, Process process) {
    }

    LocalCloud(Tracker tracker, EventLog log, int size, Path secretFile, String serverName, Duration lostAfter,
            Path logDir) {
        this.tracker = tracker;
        this.log = log;
        this.size = size;
        this.secretFile = secretFile;
        this.serverName = serverName;
        this.lostAfter = lostAfter;
        this.logDir = logDir;
        for (int i = 0; i < size; i++) {
            relaunchTimes.add(new ArrayList<>());
        }
        tracker.onLost(this::lost);
    }

    void start() {
        for (int slot = 0; slot < size; slot++) {
            int s = slot;
            launcher.execute(() -> launch(s));
        }
    }

    private void launch(int slot) {
        if (closed) {
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> command = List.of(Installation.executable(), CommandLine.SPOKE_COMMAND,
                "--hub", "127.0.0.1:" + tracker.address().getPort(),
                "--secret-file", secretFile.toString(),
                "--server-name", serverName,
                "--core", Integer.toString(slot % cores),
                "--lost-after", Double.toString(lostAfter.toMillis() / 1000.0),
                "--parent", Long.toString(Posix.pid()));
        try {
            Path output = logDir.resolve("spoke-slot" + slot + ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            int id = tracker.booting(process.pid(), serverName, slot % cores);
            running.put(id, new Launched(slot, process));
            process.onExit().thenAccept(p -> launcher.execute(() -> ended(id, slot, p)));
        } catch (IOException e) {
            log.warn("cloud", "cannot start a spoke: " + e.getMessage());
        }
    }

    /**
     * A spoke's process ended: the tracker hears of it, and the slot is relaunched. Only crashes
     * count towards giving a slot up; an end the hub asked for (relaunchPre/Post...) does not.
     */
    private void ended(int id, int slot, Process process) {
        running.remove(id);
        tracker.processEnded(id, "its process ended with status " + process.exitValue());
        if (closed) {
            return;
        }
        if (tracker.endedOnRequest(id)) {
            launcher.schedule(() -> launch(slot), RELAUNCH_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        List<Long> times = relaunchTimes.get(slot);
        long now = System.nanoTime();
        times.removeIf(t -> now - t > RELAUNCH_WINDOW.toNanos());
        if (times.size() >= MAX_RELAUNCHES) {
            log.warn("cloud", "spoke slot " + slot + " crashed " + MAX_RELAUNCHES + " times within "
                    + RELAUNCH_WINDOW.toSeconds() + " s; not relaunching it (see " + logDir.resolve("spoke-slot" + slot + ".log") + ")");
            return;
        }
        times.add(now);
        launcher.schedule(() -> launch(slot), RELAUNCH_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A spoke the tracker lost (silent, disconnected): if it is ours and still running, end it. */
    private void lost(SpokeView spoke) {
        Launched launched = running.get(spoke.id());
        if (!closed && launched != null && launched.process().isAlive()) {
            launched.process().destroyForcibly(); // why it was lost, the tracker has said
        }
    }

    @Override
    public void close() {
        closed = true;
        tracker.shutdownSpokes("the hub is exiting");
        // Joined spokes exit on the message (SIGTERM as well); booting ones have nothing to lose.
        Set<Long> booting = tracker.snapshot().stream().filter(v -> v.state() == SpokeState.BOOTING)
                .map(SpokeView::pid).collect(Collectors.toSet());
        List<Process> processes = running.values().stream().map(Launched::process).toList();
        processes.forEach(p -> {
            if (booting.contains(p.pid())) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
        });
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Process p : processes) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        launcher.shutdownNow();
    }
}
