package org.spmpython.bridge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;


import org.spmpython.bridge.run.PoolSpec;
import org.spmpython.bridge.run.RunSpec;
import org.spmpython.bridge.run.TaskRun;
import org.spmpython.bridge.run.TaskSpec;
import org.spmpython.bridge.transport.EventLog;
import org.spmpython.bridge.transport.Message;
import org.spmpython.bridge.transport.SpokeLostException;
import org.spmpython.bridge.transport.SpokeView;
import org.spmpython.bridge.transport.Tracker;

/**
 * The hub's engine as Python sees it ({@code spm.sys.tracker}): snapshots of the tracker and the
 * internal evaluation path. Called on the interpreter thread only; it waits on futures that Netty
 * threads complete.
 */
public final class HubServices {
    /** Name under which the polyglot bindings carry this object. */
    public static final String BINDING = "spm.hub";

    private final Tracker tracker;
    private final EventLog log;
    private final String serverName;
    private final String listening;

    public HubServices(Tracker tracker, EventLog log, String serverName, String listening) {
        this.tracker = tracker;
        this.log = log;
        this.serverName = serverName;
        this.listening = listening;
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

    /** One task for {@link #startRun}: its packed payload comes as Latin-1 text from Python. */
    public TaskSpec task(String payload, double timeoutSeconds, boolean relaunchPre, boolean relaunchPost) {
        return new TaskSpec(Latin1.bytes(payload), timeoutSeconds, relaunchPre, relaunchPost);
    }

    /** Lets spokes that cannot see the hub's files fetch modules from these folders (a run's spm.meta.path). */
    public void allowFolders(List<String> folders) {
        tracker.sources().allow(folders);
    }

    /** Starts a task manager's run; Python drives it with {@link TaskRun#next}. */
    public TaskRun startRun(boolean interServer, boolean onePerServer, int minSpokes, int maxSpokes,
            double waitForSpokesSeconds, double executionSeconds, boolean copyPerSpoke, List<TaskSpec> tasks) {
        RunSpec spec = new RunSpec(new PoolSpec(interServer, onePerServer, serverName), minSpokes, maxSpokes,
                waitForSpokesSeconds, executionSeconds, copyPerSpoke);
        return new TaskRun(tracker, spec, tasks);
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
