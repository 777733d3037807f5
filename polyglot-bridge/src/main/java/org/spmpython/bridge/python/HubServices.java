package org.spmpython.bridge.python;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.graalvm.polyglot.Value;
import org.spmpython.bridge.hub.HubLog;
import org.spmpython.bridge.hub.SpokeLostException;
import org.spmpython.bridge.hub.SpokeState;
import org.spmpython.bridge.hub.SpokeView;
import org.spmpython.bridge.hub.Tracker;
import org.spmpython.bridge.hub.run.Manager;
import org.spmpython.bridge.hub.run.Pool;
import org.spmpython.bridge.hub.run.RunSpec;
import org.spmpython.bridge.hub.run.TaskSpec;
import org.spmpython.bridge.wire.Message;
import org.spmpython.bridge.wire.Protocol;

/**
 * The hub's engine as its Python sees it ({@code spm._engine}): the tracker's spokes, the pool
 * rule, task manager runs and the internal evaluation path. Requests come as Python objects read
 * by name ({@link FromPython}); answers are records. Called on the interpreter thread only; it
 * waits on futures that Netty threads complete.
 */
public final class HubServices {
    /** Name under which the polyglot bindings carry this object. */
    public static final String BINDING = "spm.hub";

    private final Tracker tracker;
    private final HubLog log;
    private final SessionState state;
    private final String serverName;
    private final String listening;

    public HubServices(Tracker tracker, HubLog log, SessionState state, String serverName, String listening) {
        this.tracker = tracker;
        this.log = log;
        this.state = state;
        this.serverName = serverName;
        this.listening = listening;
    }

    /** Shows a run's progress line (stdout, a terminal): on the console its spokes' lines share. */
    public void progress(String line) {
        log.console().progress(line);
    }

    public void clearProgress() {
        log.console().clearProgress();
    }

    public List<SpokeView> spokes() {
        return tracker.snapshot();
    }

    /** The server the hub runs on: what its local spokes report as theirs. */
    public String serverName() {
        return serverName;
    }

    /** Where remote spokes connect, and how (for people). */
    public String listening() {
        return listening;
    }

    public List<String> recentEvents() {
        return log.recent();
    }

    /** Lets spokes that cannot see the hub's files fetch modules from these folders (a run's spm.meta.path). */
    public void allowFolders(List<String> folders) {
        tracker.sources().allow(folders);
    }

    /**
     * The spokes of a pool among the tracker's spokes in these states (the one pool rule, {@link
     * Pool}): Python's {@code pool.Pool.resolve()}.
     *
     * @param pool a {@code pool.Pool} (its interServer and onePerServer)
     * @param states state labels, e.g. "idle", "busy"
     */
    public List<SpokeView> choosePool(Value pool, List<String> states) {
        List<SpokeView> candidates = new ArrayList<>();
        for (SpokeView v : tracker.snapshot()) {
            if (states.contains(v.stateLabel())) {
                candidates.add(v);
            }
        }
        return pool(pool).choose(candidates, SpokeView::id, SpokeView::serverName, v -> v.state() == SpokeState.IDLE);
    }

    /**
     * The most tasks of a run a spoke holds at once: {@link RunSpec#PIPELINED} (the window adapts
     * below it), unless {@code -Dspm.run.maxQueue} says otherwise (1: one at a time). A spoke
     * writes its report of a task before its next task starts, so a spoke that dies in a queued
     * task leaves none run twice (docs/PIPELINING.md).
     */
    private static final int MAX_QUEUE = Math.max(1, Integer.getInteger("spm.run.maxQueue", RunSpec.PIPELINED));

    private Pool pool(Value pool) {
        return new Pool(FromPython.flag(pool, "interServer"), FromPython.flag(pool, "onePerServer"), serverName);
    }

    /**
     * Starts a task manager's run (the hub goes online); Python drives it with {@link RunHandle#poll}.
     *
     * @param request manager ("list", "dag" or "template"), pool, minSpokes, maxSpokes (0: the runtime's
     *     choice), waitForSpokes and timeoutExecution (seconds; 0: none), tasks (each: payload as
     *     Latin-1 text, timeout in seconds, relaunchPre, relaunchPost, for a DAG links: label, inputs, after,
     *     and under policyB retries: how many times it goes again after a loss)
     */
    public RunHandle startRun(Value request) {
        RunSpec spec = new RunSpec(Manager.named(FromPython.text(request, "manager")),
                pool(FromPython.member(request, "pool")), FromPython.whole(request, "minSpokes"),
                FromPython.whole(request, "maxSpokes"), FromPython.number(request, "waitForSpokes"),
                FromPython.number(request, "timeoutExecution"), MAX_QUEUE);
        Value given = FromPython.member(request, "tasks");
        List<TaskSpec> tasks = new ArrayList<>((int) given.getArraySize());
        for (long i = 0; i < given.getArraySize(); i++) {
            Value t = given.getArrayElement(i);
            tasks.add(new TaskSpec(FromPython.bytes(t, "payload"), FromPython.number(t, "timeout"),
                    FromPython.flag(t, "relaunchPre"), FromPython.flag(t, "relaunchPost"), links(t),
                    FromPython.has(t, "retries") ? FromPython.whole(t, "retries") : 0));
        }
        return RunHandle.start(tracker, spec, tasks, state);
    }

    /** A DAG task's links (label, inputs, after), or none when Python gave none (the other managers). */
    private static TaskSpec.Links links(Value task) {
        if (!FromPython.has(task, "links")) {
            return TaskSpec.Links.NONE;
        }
        Value links = FromPython.member(task, "links");
        return new TaskSpec.Links(FromPython.text(links, "label"), FromPython.wholes(links, "inputs"),
                FromPython.wholes(links, "after"));
    }

    /** The largest message a task may send, or the hub reply (bytes). */
    public int messageLimit() {
        return Protocol.MAX_TASK_MESSAGE_BYTES;
    }

    /**
     * Evaluates Python source on a spoke and waits for the outcome (never throws: the outcome says
     * what happened, and Python turns it into its own exceptions).
     */
    public Outcome evaluate(int spokeId, String source, double timeoutSeconds) throws InterruptedException {
        try {
            Message.Evaluated result = tracker.evaluate(spokeId, source)
                    .get(Duration.ofMillis((long) (timeoutSeconds * 1000)).toNanos(), TimeUnit.NANOSECONDS);
            return new Outcome(result.ok() ? "ok" : "error", Latin1.text(result.value()), result.error());
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof SpokeLostException lost ? lost.getMessage() : String.valueOf(e.getCause());
            return new Outcome("lost", "", why);
        } catch (TimeoutException e) {
            return new Outcome("timeout", "", "no answer from spoke " + spokeId + " within " + timeoutSeconds + " s");
        }
    }

    /**
     * An evaluation's outcome, for Python.
     *
     * @param kind "ok", "error" (the code raised), "lost" (the spoke was lost) or "timeout"
     * @param pickled the pickled value as Latin-1 text (bytes cross the polyglot boundary most
     *     simply that way: see {@link Latin1})
     * @param error the remote traceback, or why it was lost
     */
    public record Outcome(String kind, String pickled, String error) {
    }
}
