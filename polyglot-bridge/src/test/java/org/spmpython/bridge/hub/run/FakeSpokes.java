package org.spmpython.bridge.hub.run;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.spmpython.bridge.wire.TaskStatus;

/**
 * A set of spokes for tests, in place of the hub's tracker. A test changes the spokes' truth
 * (boot, join, go busy or idle, leave, get lost, finish a task); each change puts the event the
 * tracker would send <em>in flight</em>, and {@link #deliverNext} hands one to the run. Answers the
 * tracker gives at once (a dispatch to a spoke that cannot take work, an ended spoke) go straight
 * to the run's inbox, as the tracker's do.
 *
 * <p>It records every command it is given and, from the events it delivered, what the run has been
 * told of each spoke, and it notes as a {@link #violations violation} any command that the run's
 * knowledge excludes (a dispatch to a spoke it was told is lost, leaving, booting or busy, that it
 * does not hold, or that runs one of its tasks still; a release of a spoke it does not hold...).
 */
final class FakeSpokes implements Spokes {
    static final String HUB = "hub";

    /** A spoke's truth. */
    enum State { BOOTING, IDLE, BUSY, LEAVING, LOST }

    /** What the run was told of a spoke by the events delivered to it so far. */
    enum Told { BOOTING, IDLE, BUSY, LEAVING, LOST }

    static final class Spoke {
        final int id;
        final String server;
        final boolean local;
        State state;
        int tasksRun;
        /** The keys of the run's tasks it holds, in order: the first runs, the others wait (pipelining). */
        final java.util.ArrayDeque<Long> queue = new java.util.ArrayDeque<>();

        Spoke(int id, String server, boolean local, State state) {
            this.id = id;
            this.server = server;
            this.local = local;
            this.state = state;
        }

        SpokeInfo info() {
            SpokeInfo.State s = switch (state) {
                case BOOTING -> SpokeInfo.State.BOOTING;
                case BUSY -> SpokeInfo.State.BUSY;
                default -> !queue.isEmpty() ? SpokeInfo.State.BUSY : SpokeInfo.State.IDLE;
            };
            return new SpokeInfo(id, server, local, s, tasksRun);
        }

        /** The key of the run's task it runs, or 0. */
        long task() {
            return queue.isEmpty() ? 0 : queue.peekFirst();
        }
    }

    private final boolean relaunch;
    /** The most tasks a spoke may be given before it answers the first (the run's maxQueue). */
    private final int maxQueue;
    private final TreeMap<Integer, Spoke> spokes = new TreeMap<>();
    private final List<RunEvent> inFlight = new ArrayList<>();
    private final Map<Integer, Told> told = new HashMap<>();
    /** Spoke -> the keys of tasks dispatched to it whose answers the run has not been given. */
    private final Map<Integer, List<Long>> unanswered = new HashMap<>();
    private final Set<Integer> held = new TreeSet<>();
    private final Set<Long> keys = new HashSet<>();
    private final Map<Long, TaskStatus> answered = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    /** The keys that ever were the first of a live spoke's queue: the tasks that started. */
    private final Set<Long> started = new HashSet<>();
    /**
     * Spokes this fake answered lost at once (a dispatch to a lost spoke) during the run's poll
     * under way: the run chose the rest of that poll's dispatches (a queue filled at once) before it
     * could take the answer, so further dispatches to them then are no violation.
     */
    private final Set<Integer> lostInThisPoll = new HashSet<>();
    private Consumer<RunEvent> inbox;
    private boolean detached;
    private int nextId = 1;

    /** @param relaunch the hub's cloud relaunches a local spoke that a run ends (a new id, booting) */
    FakeSpokes(boolean relaunch) {
        this(relaunch, 1);
    }

    /** @param maxQueue how many tasks a spoke may hold at once (the run's RunSpec.maxQueue) */
    FakeSpokes(boolean relaunch, int maxQueue) {
        this.relaunch = relaunch;
        this.maxQueue = maxQueue;
    }

    FakeSpokes() {
        this(false);
    }

    // --- what a test makes happen -------------------------------------------------------------------

    /** A spoke launched, not yet joined. */
    int boot(String server, boolean local) {
        Spoke s = add(server, local, State.BOOTING);
        send(new RunEvent.SpokeBooting(s.info()));
        return s.id;
    }

    /** A spoke joined, idle. */
    int join(String server, boolean local) {
        Spoke s = add(server, local, State.IDLE);
        send(new RunEvent.SpokeReady(s.info()));
        return s.id;
    }

    /** A booting spoke joined, or a busy one finished work no run gave it. */
    void ready(int id) {
        Spoke s = live(id);
        require(s.state == State.BOOTING || s.state == State.BUSY, s, "booting or busy");
        s.state = State.IDLE;
        if (s.queue.isEmpty()) { // the tracker says a spoke is idle only when no work of any kind is pending
            send(new RunEvent.SpokeReady(s.info()));
        }
    }

    /** An idle spoke took work no run gave it (an evaluation). */
    void busy(int id) {
        Spoke s = live(id);
        require(s.state == State.IDLE && s.queue.isEmpty(), s, "idle");
        s.state = State.BUSY;
        send(new RunEvent.SpokeBusy(id));
    }

    /** The spoke said it goes; its task, if any, may still answer. */
    void leave(int id) {
        Spoke s = live(id);
        require(s.state != State.LEAVING, s, "not leaving");
        s.state = State.LEAVING;
        send(new RunEvent.SpokeLeaving(id, "it leaves"));
    }

    /** The spoke died: its task, if any, never answers. */
    void lose(int id) {
        Spoke s = live(id);
        s.state = State.LOST;
        s.queue.clear();
        send(new RunEvent.SpokeLost(id, "it died"));
    }

    /** The spoke's running task (its first) ended with this status; the next queued one runs now. */
    void finish(int id, TaskStatus status) {
        Spoke s = live(id);
        require(!s.queue.isEmpty(), s, "running a task");
        answer(id, s.queue.poll(), status);
        if (!s.queue.isEmpty()) {
            started.add(s.task());
        }
    }

    /** The spoke's running task sends the hub a message (fine grain). */
    void message(int id, String body) {
        message(id, body.getBytes(StandardCharsets.UTF_8));
    }

    void message(int id, byte[] body) {
        Spoke s = live(id);
        require(!s.queue.isEmpty(), s, "running a task");
        send(new RunEvent.TaskMessage(id, s.task(), body));
    }

    /** An answer for any key: a late one, for a task the run no longer waits for. */
    void answer(int id, long key, TaskStatus status) {
        String error = status == TaskStatus.DONE ? "" : "Traceback: task " + key + " raised";
        send(new RunEvent.TaskDone(id, key, status, payload(key), error));
    }

    static byte[] payload(long key) {
        return ("result " + key).getBytes(StandardCharsets.UTF_8);
    }

    /** Hands the run the oldest event in flight; false when none is (or the run detached). */
    boolean deliverNext() {
        return deliver(0);
    }

    /**
     * Hands the run the {@code pick}-th of the events that may come next (the oldest of each
     * spoke's: a spoke's events come in order, different spokes' in any).
     */
    boolean deliver(int pick) {
        if (detached) {
            inFlight.clear();
        }
        List<Integer> next = deliverable();
        if (next.isEmpty()) {
            return false;
        }
        tell(inFlight.remove((int) next.get(Math.floorMod(pick, next.size()))));
        return true;
    }

    /** Positions in {@link #inFlight} of each spoke's oldest event. */
    private List<Integer> deliverable() {
        List<Integer> next = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < inFlight.size(); i++) {
            if (seen.add(spokeOf(inFlight.get(i)))) {
                next.add(i);
            }
        }
        return next;
    }

    // --- what a test reads ----------------------------------------------------------------------------

    Spoke spoke(int id) {
        return spokes.get(id);
    }

    /** The run's poll is over: what it was told at once, it knows now. */
    void polled() {
        lostInThisPoll.clear();
    }

    /** True when the task of this key started on its spoke (it was the first of its queue there). */
    boolean started(long key) {
        return started.contains(key);
    }

    private void tellWhatCameBeforeItsLoss(int spokeId) {
        List<RunEvent> before = new ArrayList<>();
        for (RunEvent e : inFlight) {
            if (spokeOf(e) == spokeId) {
                if (e instanceof RunEvent.SpokeLost) {
                    break;
                }
                before.add(e);
            }
        }
        before.forEach(e -> {
            inFlight.remove(e);
            tell(e);
        });
    }

    /** Spokes not lost, by id. */
    List<Integer> live() {
        return spokes.values().stream().filter(s -> s.state != State.LOST).map(s -> s.id).toList();
    }

    /** Spokes not lost that run one of the run's tasks, by id. */
    List<Integer> running() {
        return spokes.values().stream().filter(s -> s.state != State.LOST && !s.queue.isEmpty()).map(s -> s.id).toList();
    }

    /** The keys of the tasks live spokes hold (running or queued). */
    Set<Long> held(boolean queuedToo) {
        Set<Long> keys = new HashSet<>();
        for (Spoke s : spokes.values()) {
            if (s.state != State.LOST && !s.queue.isEmpty()) {
                if (queuedToo) {
                    keys.addAll(s.queue);
                } else {
                    keys.add(s.task());
                }
            }
        }
        return keys;
    }

    List<Integer> inState(State state) {
        return spokes.values().stream().filter(s -> s.state == state).map(s -> s.id).toList();
    }

    /** What the run was told of the spoke; null when nothing. */
    Told told(int id) {
        return told.get(id);
    }

    /** Spokes the run acquired and has not released. */
    Set<Integer> held() {
        return Set.copyOf(held);
    }

    /** The status of the first answer for this key the run was given; null when none was. */
    TaskStatus answered(long key) {
        return answered.get(key);
    }

    boolean detached() {
        return detached;
    }

    /** Every command the run gave, as text, in order. */
    List<String> log() {
        return List.copyOf(log);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    // --- the port --------------------------------------------------------------------------------------

    @Override
    public List<SpokeInfo> now() {
        return spokes.values().stream().filter(s -> s.state != State.LOST && s.state != State.LEAVING)
                .map(Spoke::info).toList();
    }

    @Override
    public Attachment attach(Consumer<RunEvent> runInbox) {
        if (inbox != null) {
            throw new IllegalStateException("one run at a time");
        }
        inbox = runInbox;
        for (Spoke s : spokes.values()) { // as the tracker does: every spoke known now, lost ones too
            tell(switch (s.state) {
                case BOOTING -> new RunEvent.SpokeBooting(s.info());
                case IDLE -> new RunEvent.SpokeReady(s.info());
                case BUSY -> new RunEvent.SpokeBusy(s.id);
                case LEAVING -> new RunEvent.SpokeLeaving(s.id, "it leaves");
                case LOST -> new RunEvent.SpokeLost(s.id, "lost before the run started");
            });
        }
        return new Attachment() {
            @Override
            public void acquire(int spokeId) {
                command("acquire " + spokeId);
                expectTold(spokeId, "acquire", Told.IDLE);
                if (!held.add(spokeId)) {
                    violation("acquire of spoke " + spokeId + ", which the run holds already");
                }
            }

            @Override
            public void release(int spokeId) {
                command("release " + spokeId);
                if (!held.remove(spokeId)) {
                    violation("release of spoke " + spokeId + ", which the run does not hold");
                }
            }

            @Override
            public void dispatch(int spokeId, long key, byte[] payload, long timeoutMillis) {
                command("dispatch key " + key + " to " + spokeId + " (timeout " + timeoutMillis + " ms)");
                checkDispatch(spokeId, key);
                Spoke s = spokes.get(spokeId);
                if (s != null && s.state == State.LOST) {
                    // The tracker took what the spoke sent before it was lost (its reports) before
                    // it knew of the loss: the run gets those first.
                    tellWhatCameBeforeItsLoss(spokeId);
                }
                if (s == null || s.state == State.LOST || s.state == State.LEAVING || s.state == State.BOOTING) {
                    if (s != null) {
                        s.state = State.LOST;
                    }
                    if (lostInThisPoll.add(spokeId)) {
                        tell(new RunEvent.SpokeLost(spokeId, "it could not take work (lost meanwhile)"));
                    }
                    return;
                }
                s.queue.add(key);
                s.tasksRun++;
                started.add(s.task());
            }

            @Override
            public void deliver(int spokeId, long key, byte[] body) {
                command("deliver key " + key + " to " + spokeId);
            }

            @Override
            public void end(int spokeId, String why) {
                command("end " + spokeId + ": " + why);
                if (!held.contains(spokeId)) {
                    violation("end of spoke " + spokeId + ", which the run does not hold");
                }
                Spoke s = spokes.get(spokeId);
                if (s == null || s.state == State.LOST) {
                    return;
                }
                s.state = State.LOST;
                s.queue.clear();
                tell(new RunEvent.SpokeLost(spokeId, why));
                if (relaunch && s.local) {
                    boot(s.server, true);
                }
            }

            @Override
            public void detach() {
                command("detach");
                detached = true;
            }
        };
    }

    private void checkDispatch(int spokeId, long key) {
        if (!keys.add(key)) {
            violation("dispatch key " + key + " used twice");
        }
        if (!held.contains(spokeId)) {
            violation("dispatch to spoke " + spokeId + ", which the run does not hold");
        }
        if (!lostInThisPoll.contains(spokeId)) {
            expectTold(spokeId, "dispatch", Told.IDLE);
        }
        List<Long> holds = unanswered.computeIfAbsent(spokeId, id -> new ArrayList<>());
        if (holds.size() >= maxQueue) {
            violation("dispatch to spoke " + spokeId + ", which holds keys " + holds + " still (maxQueue " + maxQueue + ")");
        }
        holds.add(key);
    }

    // --- below ------------------------------------------------------------------------------------------

    private Spoke add(String server, boolean local, State state) {
        Spoke s = new Spoke(nextId++, server, local, state);
        spokes.put(s.id, s);
        return s;
    }

    private Spoke live(int id) {
        Spoke s = spokes.get(id);
        if (s == null || s.state == State.LOST) {
            throw new IllegalArgumentException("no live spoke " + id);
        }
        return s;
    }

    private static void require(boolean ok, Spoke s, String what) {
        if (!ok) {
            throw new IllegalStateException("spoke " + s.id + " is " + s.state + (!s.queue.isEmpty() ? " with a task" : "")
                    + ", not " + what);
        }
    }

    /** The tracker publishes a change to the runs attached; before any is, nobody hears it. */
    private void send(RunEvent event) {
        if (inbox != null && !detached) {
            inFlight.add(event);
        }
    }

    /** The run is given the event: from now on it knows what the event says. */
    private void tell(RunEvent event) {
        if (detached) {
            return;
        }
        int id = spokeOf(event);
        Told was = told.get(id);
        switch (event) {
            case RunEvent.SpokeBooting e -> learn(id, Told.BOOTING);
            case RunEvent.SpokeReady e -> learn(id, e.spoke().state() == SpokeInfo.State.IDLE ? Told.IDLE
                    : e.spoke().state() == SpokeInfo.State.BUSY ? Told.BUSY : Told.BOOTING);
            case RunEvent.SpokeBusy e -> learn(id, Told.BUSY);
            case RunEvent.SpokeLeaving e -> {
                if (was != Told.LOST) {
                    told.put(id, Told.LEAVING);
                }
            }
            case RunEvent.SpokeLost e -> {
                told.put(id, Told.LOST);
                unanswered.remove(id);
            }
            case RunEvent.TaskDone e -> {
                answered.putIfAbsent(e.key(), e.status());
                List<Long> holds = unanswered.get(id);
                if (holds != null) {
                    holds.remove(e.key());
                    if (holds.isEmpty()) {
                        unanswered.remove(id);
                    }
                }
            }
            default -> {
            }
        }
        inbox.accept(event);
    }

    /**
     * A spoke's word on its state; a lost spoke stays lost, and one that said it goes stays going.
     * While it runs the run's task the word is stale to the run (RunCore's rule: the tracker never
     * says a spoke is idle again after a task, so the run's own answer is its newest word).
     */
    private void learn(int id, Told state) {
        Told was = told.get(id);
        if (was != Told.LOST && was != Told.LEAVING && !unanswered.containsKey(id)) {
            told.put(id, state);
        }
    }

    private void expectTold(int spokeId, String what, Told expected) {
        Told t = told.get(spokeId);
        if (t != expected) {
            violation(what + " to spoke " + spokeId + ", which the run was told is "
                    + (t == null ? "nothing of" : t.name().toLowerCase()));
        }
    }

    private void command(String text) {
        if (detached) {
            violation("a command after detach: " + text);
        }
        log.add(text);
    }

    private void violation(String what) {
        violations.add(what);
    }

    private static int spokeOf(RunEvent event) {
        return switch (event) {
            case RunEvent.SpokeBooting e -> e.spoke().id();
            case RunEvent.SpokeReady e -> e.spoke().id();
            case RunEvent.SpokeBusy e -> e.spokeId();
            case RunEvent.SpokeLeaving e -> e.spokeId();
            case RunEvent.SpokeLost e -> e.spokeId();
            case RunEvent.TaskDone e -> e.spokeId();
            case RunEvent.TaskMessage e -> e.spokeId();
            case RunEvent.Reply e -> -1;
            case RunEvent.Tick e -> -1;
            case RunEvent.CallbackRaised e -> -1;
            case RunEvent.Interrupted e -> -1;
        };
    }
}
