package org.spmpython.bridge.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.spmpython.bridge.hub.run.TaskReport;

/**
 * DESIGN §4a's invariants checked from outside the event core, on the hub's event stream (as
 * Dask's {@code validate_state}): at most one run online at a time; a run dispatches and reports
 * only its own tasks, each reported exactly once (a run a hub callback aborted leaves its
 * unreported tasks without one); a run holds a spoke at most once and only one run holds it;
 * every spoke a run held is released (or lost) when it goes offline; and when the hub ends, no
 * run is online and no spoke is held.
 *
 * <p>Each violation is written as it is found, a line {@code violation: ...}, so that a hub killed
 * afterwards still leaves it; {@link #close} writes the verdict, {@code exit: ok ...} or {@code
 * exit: violated ...}. The end-to-end tests ask for it with {@code SPM_TEST_INVARIANTS=<file>}
 * and fail on any violation (tests' ProcessLeakCheck; docs/CHAOS.md).
 */
public final class HubInvariants implements HubEvents.Listener {
    /** The variable naming the file the verdict goes to (tests). */
    public static final String VARIABLE = "SPM_TEST_INVARIANTS";

    private static final class Run {
        final long id;
        final int tasks;
        final Map<Integer, Integer> reports = new HashMap<>();
        final Set<Integer> held = new TreeSet<>();

        Run(long id, int tasks) {
            this.id = id;
            this.tasks = tasks;
        }
    }

    private final Consumer<String> out;
    private final Map<Long, Run> online = new LinkedHashMap<>();
    private final Set<Long> seen = new HashSet<>();
    /** Spokes the tracker lost: a run may still take or give one before it hears of that. */
    private final Set<Integer> lost = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private int runs;
    private int tasks;
    private int reports;
    private boolean closed;
    /** A signal ended the hub: a run it cut short is no violation (it says so instead). */
    private boolean endedFromOutside;

    /** @param out takes each line of the verdict as it is found */
    public HubInvariants(Consumer<String> out) {
        this.out = out;
    }

    /** One that appends its lines to {@code file} (made if absent). */
    public static HubInvariants toFile(Path file) {
        return new HubInvariants(line -> {
            try {
                Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public synchronized void on(HubEvent event) {
        if (closed) {
            return;
        }
        switch (event) {
            case HubEvent.RunOnline e -> online(e);
            case HubEvent.SpokeAcquired e -> acquired(e);
            case HubEvent.TaskDispatched e -> dispatched(e);
            case HubEvent.TaskReported e -> reported(e.runId(), e.report());
            case HubEvent.SpokeReleased e -> released(e);
            case HubEvent.SpokeLost e -> {
                lost.add(e.spoke().id());
                online.values().forEach(r -> r.held.remove(e.spoke().id()));
            }
            case HubEvent.RunOffline e -> offline(e);
            default -> {
            }
        }
    }

    private void online(HubEvent.RunOnline e) {
        if (!seen.add(e.runId())) {
            violation("run " + e.runId() + " came online twice");
            return;
        }
        if (!online.isEmpty()) {
            violation("run " + e.runId() + " came online while run " + online.keySet() + " was");
        }
        runs++;
        tasks += e.tasks();
        online.put(e.runId(), new Run(e.runId(), e.tasks()));
    }

    private Run run(long runId, String what) {
        Run r = online.get(runId);
        if (r == null) {
            violation(what + " of run " + runId + ", which is not online");
        }
        return r;
    }

    private void acquired(HubEvent.SpokeAcquired e) {
        Run r = run(e.runId(), "spoke " + e.spokeId() + " acquired");
        if (r == null || lost.contains(e.spokeId())) {
            return;
        }
        for (Run other : online.values()) {
            if (other.held.contains(e.spokeId())) {
                violation("spoke " + e.spokeId() + " acquired by run " + e.runId() + " while run " + other.id + " holds it");
            }
        }
        r.held.add(e.spokeId());
    }

    private void dispatched(HubEvent.TaskDispatched e) {
        Run r = run(e.runId(), "task " + e.task() + " dispatched");
        if (r == null) {
            return;
        }
        if (e.task() < 0 || e.task() >= r.tasks) {
            violation("run " + r.id + " dispatched task " + e.task() + ", which it does not have (" + r.tasks + " tasks)");
        } else if (r.reports.containsKey(e.task())) {
            violation("run " + r.id + " dispatched task " + e.task() + ", which was reported");
        }
        if (!r.held.contains(e.spokeId()) && !lost.contains(e.spokeId())) {
            violation("run " + r.id + " dispatched task " + e.task() + " to spoke " + e.spokeId() + ", which it does not hold");
        }
    }

    private void reported(long runId, TaskReport report) {
        Run r = run(runId, "task " + report.task() + " reported");
        if (r == null) {
            return;
        }
        reports++;
        if (report.task() < 0 || report.task() >= r.tasks) {
            violation("run " + r.id + " reported task " + report.task() + ", which it does not have (" + r.tasks + " tasks)");
            return;
        }
        int times = r.reports.merge(report.task(), 1, Integer::sum);
        if (times > 1) {
            violation("run " + r.id + " reported task " + report.task() + " " + times + " times");
        }
    }

    private void released(HubEvent.SpokeReleased e) {
        Run r = run(e.runId(), "spoke " + e.spokeId() + " released");
        if (r != null && !r.held.remove(e.spokeId()) && !lost.contains(e.spokeId())) {
            violation("run " + r.id + " released spoke " + e.spokeId() + ", which it did not hold");
        }
    }

    private void offline(HubEvent.RunOffline e) {
        Run r = run(e.runId(), "went offline");
        if (r == null) {
            return;
        }
        online.remove(e.runId());
        int reported = r.reports.size();
        if (!e.aborted() && reported != r.tasks) {
            List<Integer> missing = new ArrayList<>();
            for (int t = 0; t < r.tasks && missing.size() < 10; t++) {
                if (!r.reports.containsKey(t)) {
                    missing.add(t);
                }
            }
            violation("run " + r.id + " went offline with " + (r.tasks - reported) + " of its " + r.tasks
                    + " tasks unreported (first: " + missing + ")");
        }
        if (e.done() + e.failed() != reported) {
            violation("run " + r.id + " says " + e.done() + " done and " + e.failed() + " failed, but " + reported
                    + " of its tasks were reported");
        }
        r.held.removeAll(lost);
        if (!r.held.isEmpty()) {
            violation("run " + r.id + " went offline holding spokes " + r.held);
        }
    }

    /** A signal ends the hub (SIGTERM, Ctrl-C three times): a run online then is cut short, not wrong. */
    public synchronized void endedFromOutside() {
        endedFromOutside = true;
    }

    /** The hub ends: no run may be online (unless a signal ended it); writes the verdict. Later events are ignored. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (Run r : online.values()) {
            String what = "the hub ended with run " + r.id + " online (" + r.reports.size() + " of " + r.tasks
                    + " tasks reported, holding spokes " + r.held + ")";
            if (endedFromOutside) {
                out.accept("signal: " + what);
            } else {
                violation(what);
            }
        }
        closed = true;
        out.accept("exit: " + (violations.isEmpty() ? "ok" : "violated") + " - " + runs + " runs, " + tasks
                + " tasks, " + reports + " reports, " + violations.size() + " violations");
    }

    /** The violations found so far. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    private void violation(String what) {
        violations.add(what);
        out.accept("violation: " + what);
    }
}
