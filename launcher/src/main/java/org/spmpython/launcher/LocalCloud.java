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
import org.spmpython.bridge.transport.Secret;
import org.spmpython.bridge.transport.SpokeState;
import org.spmpython.bridge.transport.SpokeView;
import org.spmpython.bridge.transport.Tracker;
import org.spmpython.natives.Posix;

/**
 * The local virtual cloud: N spokes on this server, one per core by default, started in the
 * background and relaunched when one dies or is lost, until the hub closes it. A spoke is a
 * process ({@link SpokeProcess}: {@code spm-python spoke ... --parent <hub pid>}, so it dies with
 * the hub whatever ends the hub) or, with {@code --spokes threads:N}, a thread of the hub's JVM
 * ({@link SpokeThread}).
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
    private final SpokePlan plan;
    private final Secret secret;
    private final Path secretFile;
    private final String serverName;
    private final Duration lostAfter;
    private final Path logDir;
    private final ScheduledExecutorService launcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spm-cloud");
        t.setDaemon(true);
        return t;
    });
    /** Live spokes by spoke id. */
    private final Map<Integer, Launched> running = new ConcurrentHashMap<>();
    private final List<List<Long>> relaunchTimes = new ArrayList<>();
    private volatile boolean closed;

    private record Launched(int slot, LocalSpoke spoke) {
    }

    LocalCloud(Tracker tracker, EventLog log, SpokePlan plan, Secret secret, Path secretFile, String serverName,
            Duration lostAfter, Path logDir) {
        this.tracker = tracker;
        this.log = log;
        this.plan = plan;
        this.secret = secret;
        this.secretFile = secretFile;
        this.serverName = serverName;
        this.lostAfter = lostAfter;
        this.logDir = logDir;
        for (int i = 0; i < plan.localSpokes(); i++) {
            relaunchTimes.add(new ArrayList<>());
        }
        tracker.onLost(this::lost);
    }

    void start() {
        for (int slot = 0; slot < plan.localSpokes(); slot++) {
            int s = slot;
            launcher.execute(() -> launch(s));
        }
    }

    private void launch(int slot) {
        if (closed) {
            return;
        }
        int core = slot % Runtime.getRuntime().availableProcessors();
        Path output = logDir.resolve("spoke-slot" + slot + ".log");
        try {
            LocalSpoke spoke = switch (plan.placement()) {
                case PROCESSES -> SpokeProcess.start(List.of(Installation.executable(), CommandLine.SPOKE_COMMAND,
                        "--hub", "127.0.0.1:" + tracker.address().getPort(),
                        "--secret-file", secretFile.toString(),
                        "--server-name", serverName,
                        "--core", Integer.toString(core),
                        "--lost-after", Double.toString(lostAfter.toMillis() / 1000.0),
                        "--parent", Long.toString(Posix.pid())), output);
                case THREADS -> SpokeThread.start("spm-spoke-slot" + slot,
                        new HostPort("127.0.0.1", tracker.address().getPort()), secret, serverName, core, lostAfter, output);
            };
            int id = tracker.booting(spoke.pid(), serverName, core);
            running.put(id, new Launched(slot, spoke));
            spoke.registered();
            spoke.ended().thenAccept(how -> launcher.execute(() -> ended(id, slot, how)));
        } catch (IOException e) {
            log.warn("cloud", "cannot start a spoke: " + e.getMessage());
        }
    }

    /**
     * A spoke ended: the tracker hears of it, and the slot is relaunched. Only crashes count
     * towards giving a slot up; an end the hub asked for (relaunchPre/Post...) does not.
     */
    private void ended(int id, int slot, String how) {
        running.remove(id);
        tracker.processEnded(id, how);
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
        if (!closed && launched != null) {
            launched.spoke().kill(); // why it was lost, the tracker has said
        }
    }

    @Override
    public void close() {
        closed = true;
        tracker.shutdownSpokes("the hub is exiting");
        // Joined spokes exit on the message (SIGTERM as well); booting ones have nothing to lose.
        Set<Long> booting = tracker.snapshot().stream().filter(v -> v.state() == SpokeState.BOOTING)
                .map(SpokeView::pid).collect(Collectors.toSet());
        List<LocalSpoke> spokes = running.values().stream().map(Launched::spoke).toList();
        spokes.forEach(s -> {
            if (booting.contains(s.pid())) {
                s.kill();
            } else {
                s.stop();
            }
        });
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (LocalSpoke s : spokes) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!s.awaitEnd(TimeUnit.NANOSECONDS.toMillis(left))) {
                    s.kill();
                    s.awaitEnd(STOP_GRACE.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s.kill();
            }
        }
        launcher.shutdownNow();
    }
}
