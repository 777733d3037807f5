package org.spmpython.bridge.run;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.spmpython.bridge.Latin1;
import org.spmpython.bridge.transport.Message;
import org.spmpython.bridge.transport.SpokeState;
import org.spmpython.bridge.transport.SpokeView;
import org.spmpython.bridge.transport.TaskStatus;
import org.spmpython.bridge.transport.Tracker;

/**
 * One run of a coarse-grain task manager with policyA semantics: tasks are independent and
 * evaluated at most once; a failed task is reported and the others go on; a spoke that died or
 * hung is ended (the cloud relaunches its own). Every task gets exactly one {@link TaskReport}.
 *
 * <p>Driven by the interpreter thread through {@link #next}: scheduling happens there; Netty
 * threads only complete futures, which put their outcome on {@link #answers}.
 */
public final class TaskRun {
    /**
     * How long past its own timeout a task's spoke gets to report before the hub ends it. The
     * spoke stops a task within timeout + 2 s itself (its clock starts when the task's own work
     * does); this is the fallback for a spoke that cannot.
     */
    static final double GRACE_SECONDS = 10;
    private static final long TICK_MILLIS = 200;

    private final Tracker tracker;
    private final RunSpec spec;
    private final List<TaskSpec> tasks;
    private final long startNanos = System.nanoTime();
    private final Deque<Integer> pending = new ArrayDeque<>();
    private final Deque<TaskReport> reports = new ArrayDeque<>();
    /** Spokes this run uses, by id (insertion order). */
    private final Map<Integer, SpokeView> acquired = new LinkedHashMap<>();
    /** Spokes asked to be ended but not yet seen lost. */
    private final Set<Integer> ending = new HashSet<>();
    private final Map<Integer, Running> running = new HashMap<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private int reported;
    private int failed;
    private boolean started;
    private boolean expired;
    private String failure;
    /** Spokes that ran a task of this run (a template run gives each spoke one copy). */
    private final Set<Integer> used = new HashSet<>();

    /** A task on a spoke. */
    private record Running(int index, int spokeId, String serverName, long deadlineNanos) {
    }

    /** What came back for a task (from a Netty thread). */
    private record Answer(int index, int spokeId, Message.TaskDone done, Throwable failure) {
    }

    public TaskRun(Tracker tracker, RunSpec spec, List<TaskSpec> tasks) {
        this.tracker = tracker;
        this.spec = spec;
        this.tasks = List.copyOf(tasks);
        for (int i = 0; i < tasks.size(); i++) {
            pending.add(i);
        }
    }

    public int size() {
        return tasks.size();
    }

    /** True once every task has been reported (and its report taken). */
    public boolean finished() {
        return reported == tasks.size() && reports.isEmpty();
    }

    /** True when the run's timeoutExecution ended it. */
    public boolean expired() {
        return expired;
    }

    /** Why the run could not start (no spokes), or null. Its tasks were reported dropped. */
    public String failure() {
        return failure;
    }

    /** True once the run has its spokes and gives out tasks. */
    public boolean started() {
        return started;
    }

    /**
     * The next report, waiting at most {@code maxWaitSeconds}; null when none came in that time
     * (the caller may show progress and ask again) or when the run is finished.
     *
     */
    public TaskReport next(double maxWaitSeconds) throws InterruptedException {
        long until = System.nanoTime() + (long) (maxWaitSeconds * 1e9);
        while (true) {
            if (!reports.isEmpty()) {
                return reports.poll();
            }
            if (reported == tasks.size()) {
                return null;
            }
            tick();
            if (!reports.isEmpty()) {
                continue;
            }
            long now = System.nanoTime();
            if (now >= until) {
                return null;
            }
            Answer answer = answers.poll(Math.min(TICK_MILLIS, (until - now) / 1_000_000 + 1), TimeUnit.MILLISECONDS);
            if (answer != null) {
                take(answer);
                // The freed spoke gets its next task now, not after the hub's callback has run.
                tick();
            }
        }
    }

    /** done, failed, running, spokes: for the progress line. */
    public int[] progress() {
        return new int[] {reported - failed, failed, running.size(), acquired.size()};
    }

    /** A hub callback raised: end the run's spokes (the cloud relaunches its own). */
    public void abort(String why) {
        for (int id : List.copyOf(acquired.keySet())) {
            tracker.endSpoke(id, why);
        }
        acquired.clear();
        running.clear();
        pending.clear();
    }

    private void tick() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        if (spec.executionSeconds() > 0 && elapsed > spec.executionSeconds()) {
            expire();
            return;
        }
        checkTaskTimeouts();
        acquire();
        if (!started) {
            int coming = comingFromOwnCloud();
            if (acquired.size() >= Math.max(1, spec.minSpokes())) {
                started = true;
            } else if (elapsed > spec.waitForSpokesSeconds() && acquired.size() + coming < Math.max(1, spec.minSpokes())) {
                String why = "no spoke joined within " + spec.waitForSpokesSeconds() + " s (needed "
                        + Math.max(1, spec.minSpokes()) + ", had " + acquired.size() + ")";
                failure = why;
                dropPending("never started: " + why);
                return;
            } else {
                return;
            }
        }
        dispatch();
    }

    /** Takes the pool's spokes as they become ready, up to nSpokesMax (one per server if asked). */
    private void acquire() {
        List<SpokeView> now = tracker.snapshot();
        Map<Integer, SpokeView> byId = new HashMap<>();
        now.forEach(v -> byId.put(v.id(), v));
        // Forget spokes that were lost.
        acquired.keySet().removeIf(id -> {
            SpokeView v = byId.get(id);
            return v == null || v.state() == SpokeState.LOST;
        });
        ending.removeIf(id -> !acquired.containsKey(id));
        Set<String> servers = new HashSet<>();
        acquired.values().forEach(v -> servers.add(v.serverName()));
        for (SpokeView v : now) {
            if (spec.maxSpokes() > 0 && acquired.size() >= spec.maxSpokes()) {
                break;
            }
            if (v.state() != SpokeState.IDLE || acquired.containsKey(v.id()) || !spec.pool().admits(v)) {
                continue;
            }
            if (spec.pool().onePerServer() && servers.contains(v.serverName())) {
                continue;
            }
            acquired.put(v.id(), v);
            servers.add(v.serverName());
        }
        // Refresh what we know of the acquired ones (state, tasks run).
        acquired.replaceAll((id, old) -> byId.getOrDefault(id, old));
    }

    /** Spokes of the hub's own cloud that are still booting and that the pool would take. */
    private int comingFromOwnCloud() {
        return (int) tracker.snapshot().stream()
                .filter(v -> v.local() && v.state() == SpokeState.BOOTING && spec.pool().admits(v))
                .count();
    }

    private void dispatch() {
        for (SpokeView spoke : List.copyOf(acquired.values())) {
            if (pending.isEmpty()) {
                return;
            }
            if (running.containsKey(spoke.id()) || ending.contains(spoke.id()) || spoke.state() != SpokeState.IDLE
                    || spec.copyPerSpoke() && used.contains(spoke.id())) {
                continue;
            }
            int index = pending.peek();
            TaskSpec task = tasks.get(index);
            if (task.relaunchPre() && spoke.tasksRun() > 0) {
                // Wants a fresh spoke: this one is ended; the cloud brings a fresh one.
                ending.add(spoke.id());
                tracker.endSpoke(spoke.id(), "relaunchPre: task " + index + " asked for a fresh spoke");
                continue;
            }
            pending.poll();
            used.add(spoke.id());
            long timeoutMillis = (long) (task.timeoutSeconds() * 1000);
            long deadline = task.timeoutSeconds() > 0
                    ? System.nanoTime() + (long) ((task.timeoutSeconds() + GRACE_SECONDS) * 1e9)
                    : Long.MAX_VALUE;
            running.put(spoke.id(), new Running(index, spoke.id(), spoke.serverName(), deadline));
            CompletableFuture<Message.TaskDone> future = tracker.runTask(spoke.id(), task.payload(), timeoutMillis);
            int spokeId = spoke.id();
            future.whenComplete((done, failure) -> answers.add(new Answer(index, spokeId, done, failure)));
        }
    }

    private void take(Answer answer) {
        Running r = running.get(answer.spokeId());
        if (r == null || r.index() != answer.index()) {
            return; // already reported (it passed its timeout, or the run expired)
        }
        running.remove(answer.spokeId());
        if (answer.failure() != null) {
            report(r, TaskStatus.DROPPED, "", "its spoke was lost: " + rootMessage(answer.failure()));
            return;
        }
        Message.TaskDone done = answer.done();
        report(r, TaskStatus.of(done.status()), Latin1.text(done.payload()), done.error());
        if (tasks.get(r.index()).relaunchPost()) {
            ending.add(r.spokeId());
            tracker.endSpoke(r.spokeId(), "relaunchPost: after task " + r.index());
        }
    }

    private void checkTaskTimeouts() {
        long now = System.nanoTime();
        for (Running r : List.copyOf(running.values())) {
            if (now > r.deadlineNanos()) {
                running.remove(r.spokeId());
                double timeout = tasks.get(r.index()).timeoutSeconds();
                String why = "passed its timeout of " + timeout + " s on spoke " + r.spokeId()
                        + ", which did not stop it and was ended";
                ending.add(r.spokeId());
                tracker.endSpoke(r.spokeId(), "task " + r.index() + " " + why);
                report(r, TaskStatus.DROPPED, "", why);
            }
        }
    }

    private void expire() {
        expired = true;
        String why = "the run's timeoutExecution of " + spec.executionSeconds() + " s ended it";
        for (Running r : List.copyOf(running.values())) {
            tracker.endSpoke(r.spokeId(), why);
            report(r, TaskStatus.DROPPED, "", why);
        }
        running.clear();
        dropPending("never started: " + why);
    }

    private void dropPending(String why) {
        while (!pending.isEmpty()) {
            report(new Running(pending.poll(), -1, "", 0), TaskStatus.DROPPED, "", why);
        }
    }

    private void report(Running r, TaskStatus status, String payload, String error) {
        reported++;
        if (status != TaskStatus.DONE) {
            failed++;
        }
        reports.add(new TaskReport(r.index(), status.label(), payload, error, r.spokeId(), r.serverName()));
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
