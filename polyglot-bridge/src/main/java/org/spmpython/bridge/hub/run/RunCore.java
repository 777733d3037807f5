package org.spmpython.bridge.hub.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.spmpython.bridge.wire.TaskStatus;

/**
 * One run of a task manager as a state machine (DESIGN §4a): {@link #handle} takes an event and
 * the time, and returns the commands it calls for. No I/O and no clock of its own: {@link RunLoop}
 * feeds it and carries its commands out, and a test can do the same with a fake set of spokes.
 *
 * <p>What every manager shares lives here: which spokes the run holds (the {@link Pool}, nSpokesMin
 * and nSpokesMax), the tasks' states, per-task and per-run timeouts, relaunchPre/Post, a raising
 * callback, and exactly one {@link TaskReport} per task. What differs between managers is asked of
 * the {@link Policy}. A transition the rules exclude throws {@link ImpossibleTransition} with the
 * run's story.
 *
 * <p>The run's phases: waiting for its spokes, running, then offline once every task is
 * reported (or the run failed, expired or was aborted) and every spoke it held is released.
 */
public final class RunCore {
    /**
     * How long past its own timeout a task's spoke gets to report before the hub ends it. The
     * spoke stops a task within timeout + 2 s itself (its clock starts when the task's own work
     * does); this is the fallback for a spoke that cannot.
     */
    static final double GRACE_SECONDS = 10;

    /** Where a run is in its life. */
    public enum Phase {
        /** Holding fewer spokes than nSpokesMin: nothing is given out yet. */
        WAITING,
        /** Giving out tasks. */
        RUNNING,
        /** Every task reported (or dropped, or abandoned) and every spoke released. */
        OFFLINE
    }

    private enum TaskState { PENDING, RUNNING, REPORTED, ABANDONED }

    private static final class Task {
        final int index;
        final TaskSpec spec;
        TaskState state = TaskState.PENDING;
        Spoke spoke;
        long key;
        long deadline;
        /** What went to its spoke (a DAG's: with its upstream results), kept until it is reported: it may go again. */
        TaskSpec sent;
        /** How many times it was the task its spoke ran (policyB retries it after a loss while it has tries left). */
        int tries;

        Task(int index, TaskSpec spec) {
            this.index = index;
            this.spec = spec;
        }
    }

    /** A spoke the run heard of and that is not lost. */
    private static final class Spoke {
        final int id;
        final String server;
        final boolean local;
        SpokeInfo.State state;
        int tasksRun;
        boolean held;
        /** The run asked it to end, or it said it goes: nothing more goes its way. */
        boolean leaving;
        /**
         * The run's tasks on it, in the order it got them: the first runs, the others wait in the
         * spoke's own queue (pipelining: at most the run's {@link Window} of them).
         */
        final ArrayDeque<Task> queue = new ArrayDeque<>();
        /** When its first task became the one it runs (its report's turnaround counts from then). */
        long headSince;

        Spoke(SpokeInfo info) {
            this.id = info.id();
            this.server = info.serverName();
            this.local = info.local();
            this.state = info.state();
            this.tasksRun = info.tasksRun();
        }

        /** Held, going on, idle before the run gave it work; with room in its queue for {@code window}. */
        boolean takesWork(int window) {
            if (!held || leaving || state != SpokeInfo.State.IDLE) {
                return false;
            }
            // Nothing waits behind a task after which the spoke is ended.
            return queue.isEmpty() || queue.size() < window && !queue.peekLast().spec.relaunchPost();
        }

        boolean idle() {
            return queue.isEmpty();
        }
    }

    private final RunSpec spec;
    private final Policy policy;
    private final long startNanos;
    private final Task[] tasks;
    private final TreeSet<Integer> pending = new TreeSet<>();
    /** Every spoke heard of and not lost, by id. */
    private final TreeMap<Integer, Spoke> spokes = new TreeMap<>();
    /** Spoke ids are never reused: a lost one stays lost whatever arrives late. */
    private final Set<Integer> lost = new HashSet<>();
    /** The spokes the run holds, in the order it took them. */
    private final LinkedHashMap<Integer, Spoke> held = new LinkedHashMap<>();
    private final Map<Long, Task> running = new HashMap<>();
    /** Spokes ended so that a relaunchPre task gets a fresh one, until they are lost (a booting one comes then). */
    private final Set<Integer> endedForFresh = new HashSet<>();
    /** Messages for tasks not dispatched yet, by task: delivered right after their dispatch. */
    private final Map<Integer, List<byte[]>> backlog = new HashMap<>();
    private final RunStory story = new RunStory();
    private final RunView view = new View();
    private final Window window;
    private long nextKey = 1;
    private Phase phase = Phase.WAITING;
    private boolean started;
    private String failure;
    private boolean expired;
    private boolean aborted;
    /**
     * The run is ending its unfinished tasks all at once (a unit's failure, stuck, its timeout, an
     * interrupt): the drops this reports are that end's, never a rank's failure of their own.
     */
    private boolean endingAll;
    private boolean interrupted;
    private int reported;
    private int failed;

    /**
     * @param tasks the run's tasks (for a template, its copies: {@link Manager#tasks})
     * @param startNanos when the run started (its timeoutWaitForSpokes and timeoutExecution count from it)
     */
    public RunCore(RunSpec spec, List<TaskSpec> tasks, Policy policy, long startNanos) {
        this.spec = spec;
        this.policy = policy;
        this.startNanos = startNanos;
        this.window = new Window(policy.queuesOnSpokes() ? spec.maxQueue() : 1);
        this.tasks = new Task[tasks.size()];
        for (int i = 0; i < tasks.size(); i++) {
            this.tasks[i] = new Task(i, tasks.get(i));
            pending.add(i);
        }
    }

    /** Takes one event at time {@code now} (System.nanoTime's scale); returns what it calls for. */
    public List<RunCommand> handle(RunEvent event, long now) {
        List<RunCommand> out = new ArrayList<>();
        if (phase == Phase.OFFLINE) {
            story.add(now - startNanos, event + " (ignored: the run is offline)", out);
            return out;
        }
        try {
            take(event, now, out);
        } catch (Excluded e) {
            story.add(now - startNanos, event + " (impossible)", out);
            throw new ImpossibleTransition(e.getMessage(), story);
        }
        if (!(event instanceof RunEvent.Tick) || !out.isEmpty()) {
            // RunLoop ticks every TICK_MILLIS: ticks that change nothing would crowd the events out of the story.
            story.add(now - startNanos, event, out);
        }
        return out;
    }

    private void take(RunEvent event, long now, List<RunCommand> out) {
        switch (event) {
            case RunEvent.SpokeBooting e -> heard(e.spoke());
            case RunEvent.SpokeReady e -> heard(e.spoke());
            case RunEvent.SpokeBusy e -> busy(e.spokeId());
            case RunEvent.SpokeLeaving e -> leaving(e.spokeId());
            case RunEvent.SpokeLost e -> lost(e.spokeId(), e.why(), out);
            case RunEvent.TaskDone e -> done(e, now, out);
            case RunEvent.TaskMessage e -> message(e, now, out);
            case RunEvent.Reply e -> reply(e, out);
            case RunEvent.Tick e -> {
            }
            case RunEvent.CallbackRaised e -> abort(e.why(), out);
            case RunEvent.Interrupted e -> interrupt(e.why(), out);
        }
        if (!ended()) {
            acquire(out);
        }
        if (!ended()) {
            checkClock(now, out);
        }
        if (!ended() && phase == Phase.WAITING && held.size() >= spec.neededSpokes()) {
            phase = Phase.RUNNING;
            started = true;
        }
        if (!ended() && phase == Phase.RUNNING) {
            dispatch(now, out);
        }
        if (!ended() && phase == Phase.RUNNING && !running.isEmpty()) {
            String stuck = policy.stuck(view, now);
            if (stuck != null) {
                dropUnfinished(stuck, out);
            }
        }
        if (ended()) {
            goOffline(out);
        }
    }

    public Phase phase() {
        return phase;
    }

    /** True once the run held its spokes and gave out tasks. */
    public boolean started() {
        return started;
    }

    /** Why the run could not start (no spokes), or null. Its tasks were reported dropped. */
    public String failure() {
        return failure;
    }

    /** True when the run's timeoutExecution ended it. */
    public boolean expired() {
        return expired;
    }

    /** True when a raising callback ended it (its unreported tasks get no report). */
    public boolean aborted() {
        return aborted;
    }

    public int size() {
        return tasks.length;
    }

    public int reported() {
        return reported;
    }

    public int failed() {
        return failed;
    }

    public int runningTasks() {
        return running.size();
    }

    public int heldSpokes() {
        return held.size();
    }

    /** The run's last events, for people (and for {@link ImpossibleTransition}). */
    public String story() {
        return story.text();
    }

    // --- the events -----------------------------------------------------------------------------

    private void heard(SpokeInfo info) {
        if (lost.contains(info.id())) {
            return;
        }
        Spoke s = spokes.get(info.id());
        if (s == null) {
            spokes.put(info.id(), new Spoke(info));
            return;
        }
        if (!s.idle()) {
            return; // busy with our task: the tracker's word on idle or busy is older than ours
        }
        if (info.state() == SpokeInfo.State.BOOTING && s.state != SpokeInfo.State.BOOTING) {
            return; // a late word: a spoke that joined never boots again
        }
        s.state = info.state();
        s.tasksRun = Math.max(s.tasksRun, info.tasksRun());
    }

    private void busy(int spokeId) {
        Spoke s = spokes.get(spokeId);
        if (s != null && s.idle()) {
            s.state = SpokeInfo.State.BUSY;
        }
    }

    private void leaving(int spokeId) {
        Spoke s = spokes.get(spokeId);
        if (s != null) {
            s.leaving = true; // its task, if any, is reported when the spoke is lost
        }
    }

    private void lost(int spokeId, String why, List<RunCommand> out) {
        if (!lost.add(spokeId)) {
            return;
        }
        endedForFresh.remove(spokeId);
        Spoke s = spokes.remove(spokeId);
        if (s == null || !s.held) {
            return;
        }
        held.remove(spokeId);
        Task t = s.queue.poll();
        // The tasks queued behind its running one never started (the tracker takes the reports a
        // spoke sent before it hears of its loss; see docs/PIPELINING.md for the one open window):
        // they go back to wait for another spoke, whatever the policy (none ran).
        for (Task queued : s.queue) {
            running.remove(queued.key);
            backToPending(queued);
        }
        s.queue.clear();
        if (t == null) {
            return;
        }
        running.remove(t.key);
        if (policy.retryAfterLoss(view, t.index)) {
            backToPending(t);
        } else {
            String tried = t.spec.retries() == 0 ? ""
                    : "; it was tried " + t.tries + " time" + (t.tries == 1 ? "" : "s") + " (spm.meta.retries = "
                            + t.spec.retries() + ")";
            report(t, s, TaskStatus.DROPPED, new byte[0], "its spoke " + spokeId + " was lost: " + why + tried, out);
        }
    }

    /** A task that went to a spoke waits again: it goes as it went the first time. */
    private void backToPending(Task t) {
        t.state = TaskState.PENDING;
        t.spoke = null;
        pending.add(t.index);
        policy.requeued(t.index);
    }

    private void done(RunEvent.TaskDone e, long now, List<RunCommand> out) {
        Task t = running.get(e.key());
        if (t == null) {
            return; // reported already: it passed its timeout, or the run expired
        }
        if (t.spoke.id != e.spokeId()) {
            throw impossible("spoke " + e.spokeId() + " answered task " + t.index + ", which runs on spoke " + t.spoke.id);
        }
        running.remove(e.key());
        Spoke s = t.spoke;
        t.tries = Math.max(t.tries, 1); // it ran, whatever the core thought of its place in the queue
        if (s.queue.peekFirst() == t) {
            window.took(now - s.headSince);
        }
        unqueue(s, t, now);
        report(t, s, e.status(), e.payload(), e.error(), out);
        if (t.spec.relaunchPost()) {
            end(s, "relaunchPost: after task " + t.index, out);
        }
    }

    private void message(RunEvent.TaskMessage e, long now, List<RunCommand> out) {
        Task t = running.get(e.key());
        if (t == null || t.spoke.id != e.spokeId()) {
            return;
        }
        List<Policy.Send> sends = policy.route(view, t.index, e.body(), now);
        if (sends == null) {
            if (policy.takesMessages()) {
                out.add(new RunCommand.Forward(t.index, e.key(), e.body()));
            }
            return;
        }
        for (Policy.Send send : sends) {
            Task to = send.task() >= 0 && send.task() < tasks.length ? tasks[send.task()] : null;
            if (to == null) {
                throw impossible("the policy routed a message to task " + send.task() + ", which is no task of this run");
            }
            if (to.state == TaskState.RUNNING) {
                out.add(new RunCommand.Deliver(to.spoke.id, to.key, send.body()));
            } else if (to.state == TaskState.PENDING) {
                backlog.computeIfAbsent(to.index, i -> new ArrayList<>()).add(send.body());
            } // else it ended: dropped
        }
    }


    private void reply(RunEvent.Reply e, List<RunCommand> out) {
        Task t = running.get(e.key());
        if (t != null) { // else its task ended (done, failed, timed out, its spoke lost): dropped here
            out.add(new RunCommand.Deliver(t.spoke.id, e.key(), e.body()));
        }
    }

    private void abort(String why, List<RunCommand> out) {
        aborted = true;
        for (Spoke s : held.values()) {
            end(s, why, out);
            s.queue.clear();
        }
        running.clear();
        for (Task t : tasks) {
            if (t.state == TaskState.PENDING || t.state == TaskState.RUNNING) {
                t.state = TaskState.ABANDONED;
            }
        }
        pending.clear();
    }

    // --- what follows from them -----------------------------------------------------------------

    private void checkClock(long now, List<RunCommand> out) {
        double elapsed = (now - startNanos) / 1e9;
        if (spec.executionSeconds() > 0 && elapsed > spec.executionSeconds()) {
            expire(out);
            return;
        }
        for (Task t : overdue(now)) {
            if (t.state != TaskState.RUNNING) {
                continue; // an earlier one's report ended it (its run fails as one unit)
            }
            Spoke s = t.spoke;
            running.remove(t.key);
            unqueue(s, t, now); // the tasks queued behind it go as the policy says once the spoke is lost
            String why = "passed its timeout of " + t.spec.timeoutSeconds() + " s on spoke " + s.id
                    + ", which did not stop it and was ended";
            end(s, "task " + t.index + " " + why, out);
            report(t, s, TaskStatus.DROPPED, new byte[0], why, out);
        }
        if (phase == Phase.WAITING && elapsed > spec.waitForSpokesSeconds()
                && held.size() + coming() < spec.neededSpokes()) {
            failure = "no spoke joined within " + spec.waitForSpokesSeconds() + " s (needed " + spec.neededSpokes()
                    + ", had " + held.size() + "; the pool takes " + spec.pool().describe() + "; " + present() + ")";
            dropPending("never started: " + failure, out);
        }
    }

    /** The running tasks past their deadline (no list is made when there are none: the usual case). */
    private List<Task> overdue(long now) {
        List<Task> overdue = List.of();
        for (Task t : running.values()) {
            if (now > t.deadline) {
                if (overdue.isEmpty()) {
                    overdue = new ArrayList<>();
                }
                overdue.add(t);
            }
        }
        return overdue;
    }

    private void expire(List<RunCommand> out) {
        expired = true;
        dropUnfinished("the run's timeoutExecution of " + spec.executionSeconds() + " s ended it", out);
    }

    private void interrupt(String why, List<RunCommand> out) {
        interrupted = true;
        dropUnfinished(why, out);
    }

    /**
     * Ends the run's unfinished work at once (its tasks fail as one unit, or are stuck; the run's
     * timeout; an interrupt): each running task is reported dropped with {@code why} and its spoke
     * ended, each pending one dropped as never started.
     */
    private void dropUnfinished(String why, List<RunCommand> out) {
        endingAll = true;
        for (Task t : List.copyOf(running.values())) {
            Spoke s = t.spoke;
            running.remove(t.key);
            s.queue.clear();
            end(s, why, out);
            reportOne(t, s, TaskStatus.DROPPED, new byte[0], why, out);
        }
        dropPending("never started: " + why, out);
    }

    /** What spokes the run saw, by state and server, for an error saying why none joined. */
    private String present() {
        if (spokes.isEmpty()) {
            return "the tracker had no spoke";
        }
        java.util.Map<String, java.util.TreeSet<String>> byState = new java.util.TreeMap<>();
        for (Spoke s : spokes.values()) {
            byState.computeIfAbsent(s.state.name().toLowerCase(java.util.Locale.ROOT), k -> new java.util.TreeSet<>())
                    .add(s.server);
        }
        StringBuilder b = new StringBuilder("the tracker had ");
        String sep = "";
        for (var e : byState.entrySet()) {
            long n = spokes.values().stream().filter(s -> s.state.name().toLowerCase(java.util.Locale.ROOT)
                    .equals(e.getKey())).count();
            b.append(sep).append(n).append(' ').append(e.getKey()).append(n == 1 ? " spoke" : " spokes")
                    .append(" on ").append(String.join(", ", e.getValue()));
            sep = ", ";
        }
        return b.toString();
    }

    /** Spokes booting in the hub's own cloud that the run could still take. */
    private int coming() {
        Set<String> servers = new HashSet<>();
        held.values().forEach(s -> servers.add(s.server));
        int coming = 0;
        for (Spoke s : spokes.values()) {
            if (s.state != SpokeInfo.State.BOOTING || !s.local || !spec.pool().admits(s.server)
                    || spec.full(held.size() + coming)) {
                continue;
            }
            if (spec.pool().onePerServer() && !servers.add(s.server)) {
                continue;
            }
            coming++;
        }
        return coming;
    }

    /** Takes ready spokes of the pool, up to nSpokesMax (one per server if asked), while tasks wait. */
    private void acquire(List<RunCommand> out) {
        if (pending.isEmpty()) {
            return;
        }
        Set<String> servers = new HashSet<>();
        held.values().forEach(s -> servers.add(s.server));
        for (Spoke s : spokes.values()) {
            if (spec.full(held.size())) {
                return;
            }
            if (s.held || s.leaving || s.state != SpokeInfo.State.IDLE || !spec.pool().admits(s.server)) {
                continue;
            }
            if (spec.pool().onePerServer() && servers.contains(s.server)) {
                continue;
            }
            s.held = true;
            held.put(s.id, s);
            servers.add(s.server);
            out.add(new RunCommand.Acquire(s.id));
        }
    }

    /** Gives idle held spokes tasks until none takes one (a spoke passed over may take the next task). */
    private void dispatch(long now, List<RunCommand> out) {
        boolean gave = true;
        while (gave && !pending.isEmpty()) {
            gave = false;
            for (Spoke s : held.values()) { // giving ends spokes, never removes one
                if (pending.isEmpty()) {
                    return;
                }
                if (s.takesWork(window.size()) && give(s, now, out)) {
                    gave = true;
                }
            }
        }
    }

    /** Gives the spoke what its policy chooses; false when it stays idle. */
    private boolean give(Spoke s, long now, List<RunCommand> out) {
        int index = policy.next(view, s.id);
        if (index == Policy.NONE) {
            return false;
        }
        Task t = index >= 0 && index < tasks.length ? tasks[index] : null;
        if (t == null || t.state != TaskState.PENDING) {
            throw impossible("the policy chose task " + index + " for spoke " + s.id + ", which is "
                    + (t == null ? "no task of this run" : t.state));
        }
        if (t.spec.relaunchPre() && !s.idle()) {
            return false; // it wants a fresh spoke: never one that has work queued
        }
        if (t.spec.relaunchPre() && s.tasksRun > 0) {
            // Wants a fresh spoke: this one is ended, and the cloud brings a fresh one; not when
            // enough fresh ones are here or coming for the tasks that wait for one (this one waits).
            if (freshSpokes() < waitingForFresh()) {
                end(s, "relaunchPre: task " + index + " asked for a fresh spoke", out);
                endedForFresh.add(s.id);
            }
            return false;
        }
        pending.remove(index);
        t.state = TaskState.RUNNING;
        t.spoke = s;
        t.key = nextKey++;
        t.deadline = Long.MAX_VALUE; // a queued task's hub clock starts when it is the spoke's first
        s.queue.add(t);
        if (s.queue.size() == 1) {
            startHubClock(s, now);
        }
        s.tasksRun++;
        running.put(t.key, t);
        policy.dispatched(index, s.id);
        if (t.sent == null) {
            t.sent = policy.outgoing(view, index);
        }
        out.add(new RunCommand.Dispatch(s.id, index, t.key, t.sent));
        List<byte[]> waiting = backlog.remove(index);
        if (waiting != null) {
            waiting.forEach(body -> out.add(new RunCommand.Deliver(s.id, t.key, body)));
        }
        return true;
    }

    /**
     * The task left the spoke's queue (reported, or passed its timeout); the next one, if it was
     * the first, is the one the spoke runs now.
     */
    private void unqueue(Spoke s, Task t, long now) {
        boolean first = s.queue.peekFirst() == t;
        s.queue.remove(t);
        if (first && !s.queue.isEmpty()) {
            startHubClock(s, now);
        }
    }

    /**
     * The spoke's first task is the one it runs from now: the hub's fallback deadline counts from
     * here (the spoke's own, from the task's evaluation, is the one that usually acts).
     */
    private static void startHubClock(Spoke s, long now) {
        Task t = s.queue.peekFirst();
        s.headSince = now;
        t.tries++;
        t.deadline = t.spec.timeoutSeconds() > 0
                ? now + (long) ((t.spec.timeoutSeconds() + GRACE_SECONDS) * 1e9)
                : Long.MAX_VALUE;
    }

    /** Spokes that have run nothing, held and idle or on their way: ended for one, or booting. */
    private int freshSpokes() {
        int fresh = endedForFresh.size() + coming();
        for (Spoke s : held.values()) {
            if (s.takesWork(1) && s.tasksRun == 0) {
                fresh++;
            }
        }
        return fresh;
    }

    private int waitingForFresh() {
        int n = 0;
        for (int index : pending) {
            if (tasks[index].spec.relaunchPre()) {
                n++;
            }
        }
        return n;
    }

    private boolean ended() {
        return aborted || interrupted || failure != null || expired || reported == tasks.length;
    }

    private void goOffline(List<RunCommand> out) {
        if (!pending.isEmpty() || !running.isEmpty()) {
            throw impossible("the run ended with " + pending.size() + " task(s) pending and " + running.size()
                    + " running");
        }
        for (Spoke s : held.values()) {
            s.held = false;
            out.add(new RunCommand.Release(s.id));
        }
        held.clear();
        phase = Phase.OFFLINE;
    }

    private void end(Spoke s, String why, List<RunCommand> out) {
        if (!s.leaving) {
            s.leaving = true;
            out.add(new RunCommand.EndSpoke(s.id, why));
        }
    }

    /** The run ends before these tasks could start: each is reported with the run's reason. */
    private void dropPending(String why, List<RunCommand> out) {
        List<Integer> dropped = List.copyOf(pending);
        for (int index : dropped) {
            reportOne(tasks[index], null, TaskStatus.DROPPED, new byte[0], why, out);
        }
        for (int index : dropped) { // what the policy would drop because of them is reported already
            policy.reported(view, index, TaskStatus.DROPPED, new byte[0], why);
        }
        pending.clear();
    }

    /** Reports the task, then the pending tasks its policy drops because of it, and so on. */
    private void report(Task t, Spoke s, TaskStatus status, byte[] payload, String error, List<RunCommand> out) {
        reportOne(t, s, status, payload, error, out);
        if (status != TaskStatus.DONE && policy.failsAsOneUnit() && !endingAll) {
            String why = "rank " + t.index + " failed with " + status.exception() + ": " + lastLine(error)
                    + " (the ranks of this run fail as one unit)";
            if (s != null && spokes.containsKey(s.id)) {
                end(s, why, out); // its state is suspect too
            }
            dropUnfinished(why, out);
            return;
        }
        ArrayDeque<Policy.Drop> drops = new ArrayDeque<>(
                policy.reported(view, t.index, status, payload, error));
        while (!drops.isEmpty()) {
            Policy.Drop d = drops.poll();
            Task dropped = d.task() >= 0 && d.task() < tasks.length ? tasks[d.task()] : null;
            if (dropped == null || dropped.state != TaskState.PENDING) {
                throw impossible("the policy dropped task " + d.task() + ", which is "
                        + (dropped == null ? "no task of this run" : dropped.state));
            }
            reportOne(dropped, null, TaskStatus.DROPPED, new byte[0], d.why(), out);
            drops.addAll(policy.reported(view, dropped.index, TaskStatus.DROPPED, new byte[0], d.why()));
        }
    }

    private void reportOne(Task t, Spoke s, TaskStatus status, byte[] payload, String error, List<RunCommand> out) {
        if (t.state == TaskState.REPORTED || t.state == TaskState.ABANDONED) {
            throw impossible("task " + t.index + " would be reported twice (it is " + t.state + ")");
        }
        t.state = TaskState.REPORTED;
        t.sent = null;
        pending.remove(t.index);
        reported++;
        if (status != TaskStatus.DONE) {
            failed++;
        }
        out.add(new RunCommand.Report(new TaskReport(t.index, status, payload, error, s == null ? -1 : s.id,
                s == null ? "" : s.server, t.tries)));
    }

    /** A remote traceback's last line (the exception and its message); the whole text otherwise. */
    static String lastLine(String error) {
        String trimmed = error == null ? "" : error.strip();
        int cut = trimmed.lastIndexOf('\n');
        return cut < 0 ? trimmed : trimmed.substring(cut + 1);
    }

    /** A transition the rules exclude; {@link #handle} tells it with the story. */
    private static final class Excluded extends RuntimeException {
        Excluded(String what) {
            super(what, null, false, false);
        }
    }

    private Excluded impossible(String what) {
        return new Excluded(what);
    }

    private final class View implements RunView {
        @Override
        public int size() {
            return tasks.length;
        }

        @Override
        public TaskSpec task(int index) {
            return tasks[index].spec;
        }

        @Override
        public boolean running(int task) {
            return tasks[task].state == TaskState.RUNNING;
        }

        @Override
        public int tries(int task) {
            return tasks[task].tries;
        }

        @Override
        public int firstPending() {
            return pending.isEmpty() ? Policy.NONE : pending.first();
        }
    }
}
