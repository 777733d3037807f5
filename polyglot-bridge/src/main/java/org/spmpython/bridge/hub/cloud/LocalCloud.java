package org.spmpython.bridge.hub.cloud;

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

import org.spmpython.bridge.hub.HubEvent;
import org.spmpython.bridge.hub.HubEvents;
import org.spmpython.bridge.hub.SpokeState;
import org.spmpython.bridge.hub.SpokeView;
import org.spmpython.bridge.hub.Tracker;
import org.spmpython.bridge.spoke.SpokeOptions;

/**
 * The local virtual cloud: N spokes on this server, one per core by default, started in the
 * background by a {@link SpokeLauncher} and relaunched when one dies or is lost, until the hub
 * closes it. A slot whose spoke keeps crashing is given up, with a notice.
 *
 * <p>All launches happen on one long-lived thread: the kernel's parent-death signal fires when
 * the <em>thread</em> that started a process ends.
 */
public final class LocalCloud implements AutoCloseable {
    /** A slot whose spoke crashed this often within {@link #RELAUNCH_WINDOW} is given up on. */
    private static final int MAX_RELAUNCHES = 5;
    private static final Duration RELAUNCH_WINDOW = Duration.ofMinutes(1);
    private static final Duration RELAUNCH_DELAY = Duration.ofMillis(500);
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final Tracker tracker;
    private final HubEvents events;
    private final List<Slot> slotList;
    private final int slots;
    private final SpokeOptions options;
    private final Path logDir;
    private final ScheduledExecutorService launches = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spm-cloud");
        t.setDaemon(true);
        return t;
    });
    /** Live spokes by spoke id. */
    private final Map<Integer, Launched> running = new ConcurrentHashMap<>();
    private final List<List<Long>> relaunchTimes = new ArrayList<>();
    private final HubEvents.Subscription listening;
    /** Shows what the spokes print at the hub; null when it stays in their logs. */
    private volatile TaskOutput output;
    private volatile boolean closed;

    private record Launched(int slot, LocalSpoke spoke) {
    }

    /**
     * One place a spoke is kept: how it is started, the server name it reports, its core (-1: unpinned).
     * Local slots share the hub's server; remote ones (SSH, Slurm) name theirs.
     */
    public record Slot(SpokeLauncher launcher, String serverName, int core) {
    }

    /** Places given up on because they cannot be reached (an SSH host): each said once. */
    private final Set<String> unreachable = ConcurrentHashMap.newKeySet();

    /**
     * @param slots how many spokes it keeps
     * @param options what every spoke is started with (its hub, secret and the hub's shared
     *     options); each slot adds its server, core and parent
     * @param logDir where each slot's log goes
     */
    public LocalCloud(Tracker tracker, SpokeLauncher launcher, int slots, SpokeOptions options, Path logDir) {
        this(tracker, localSlots(launcher, slots, options.serverName()), options, logDir);
    }

    /** The slots of {@code n} spokes of this server, each on a core in turn. */
    public static List<Slot> localSlots(SpokeLauncher launcher, int n, String serverName) {
        List<Slot> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Slot(launcher, serverName, i % Runtime.getRuntime().availableProcessors()));
        }
        return list;
    }

    /**
     * @param slotList what it keeps, one spoke a slot
     * @param options what every spoke is started with; each slot adds its server, core and parent
     */
    public LocalCloud(Tracker tracker, List<Slot> slotList, SpokeOptions options, Path logDir) {
        this.tracker = tracker;
        this.events = tracker.events();
        this.slotList = List.copyOf(slotList);
        this.slots = slotList.size();
        this.options = options;
        this.logDir = logDir;
        for (int i = 0; i < slots; i++) {
            relaunchTimes.add(new ArrayList<>());
        }
        this.listening = events.subscribe(event -> {
            if (event instanceof HubEvent.SpokeLost lost) {
                lost(lost.spoke());
            }
        });
    }

    /**
     * Shows the spokes' output (their tasks' prints) as whole lines, each prefixed with its
     * spoke, to {@code lines}; called before {@link #start()}. Without it, output stays in the
     * slots' logs.
     */
    public void streamOutputTo(java.util.function.Consumer<String> lines) {
        output = new TaskOutput(lines);
    }

    /** Starts every slot's spoke, in the background. */
    public void start() {
        for (int slot = 0; slot < slots; slot++) {
            int s = slot;
            launches.execute(() -> launch(s));
        }
    }

    private Path log(int slot) {
        return logDir.resolve("spoke-slot" + slot + ".log");
    }

    private void launch(int slot) {
        if (closed) {
            return;
        }
        Slot place = slotList.get(slot);
        int core = place.core();
        String serverName = place.serverName();
        try {
            LocalSpoke spoke = place.launcher().launch("slot" + slot, options.at(serverName, core,
                    place.launcher().parentPid()), log(slot));
            int id = tracker.booting(spoke.pid(), serverName, core);
            TaskOutput shown = output;
            if (shown != null) {
                shown.spokeOf(slot, log(slot), "spoke " + id + "@" + serverName);
            }
            running.put(id, new Launched(slot, spoke));
            spoke.registered();
            spoke.ended().thenAccept(how -> launches.execute(() -> ended(id, slot, how)));
        } catch (IOException e) {
            events.publish(new HubEvent.Notice("cloud", "cannot start a spoke: " + e.getMessage()));
        }
    }

    /**
     * A spoke ended: the tracker hears of it, and the slot is relaunched. Only crashes count
     * towards giving a slot up; an end the hub asked for (relaunchPre/Post...) does not.
     */
    private void ended(int id, int slot, String how) {
        Launched gone = running.remove(id);
        if (gone != null) {
            gone.spoke().endOrphans();
        }
        TaskOutput shown = output;
        if (shown != null) {
            shown.drain(slot);
        }
        boolean neverJoined = tracker.snapshot().stream().anyMatch(v -> v.id() == id && v.state() == SpokeState.BOOTING);
        tracker.processEnded(id, how);
        if (closed) {
            return;
        }
        String cannotReach = gone == null || tracker.endedOnRequest(id) ? null : gone.spoke().unreachable(!neverJoined);
        if (cannotReach != null) {
            // Another try would fail alike: the place is given up, said once for all its slots.
            if (unreachable.add(cannotReach)) {
                events.publish(new HubEvent.Notice("cloud", cannotReach + "; not starting spokes there (see " + log(slot)
                        + ")"));
            }
            return;
        }
        if (!tracker.endedOnRequest(id)) {
            List<Long> times = relaunchTimes.get(slot);
            long now = System.nanoTime();
            times.removeIf(t -> now - t > RELAUNCH_WINDOW.toNanos());
            if (times.size() >= MAX_RELAUNCHES) {
                events.publish(new HubEvent.Notice("cloud", "spoke slot " + slot + " crashed " + MAX_RELAUNCHES
                        + " times within " + RELAUNCH_WINDOW.toSeconds() + " s; not relaunching it (see " + log(slot) + ")"));
                return;
            }
            times.add(now);
        }
        launches.schedule(() -> launch(slot), RELAUNCH_DELAY.toMillis(), TimeUnit.MILLISECONDS);
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
        listening.cancel();
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
        launches.shutdownNow();
        TaskOutput shown = output;
        if (shown != null) {
            shown.close(); // the last lines, before the session's folder (and the logs) go
        }
    }
}
