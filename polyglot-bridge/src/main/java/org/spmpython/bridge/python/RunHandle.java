package org.spmpython.bridge.python;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.spmpython.bridge.hub.HubEvents;
import org.spmpython.bridge.hub.RunProgress;
import org.spmpython.bridge.hub.Tracker;
import org.spmpython.bridge.hub.run.RunCommand;
import org.spmpython.bridge.hub.run.RunLoop;
import org.spmpython.bridge.hub.run.RunPoll;
import org.spmpython.bridge.hub.run.RunSpec;
import org.spmpython.bridge.hub.run.TaskReport;
import org.spmpython.bridge.hub.run.TaskSpec;

/**
 * A task manager's run as Python's {@code manage} drives it: one {@link #poll} per turn of its
 * loop, answering one {@link Poll} with everything Python needs (the reports that came, where the
 * run is, the progress line's numbers). The hub is online from the start until {@link #close}:
 * the callbacks of the last reports run online too.
 */
public final class RunHandle {
    private final RunLoop loop;
    private final RunProgress progress;
    private final HubEvents.Subscription listening;
    private final SessionState state;

    private RunHandle(RunLoop loop, RunProgress progress, HubEvents.Subscription listening, SessionState state) {
        this.loop = loop;
        this.progress = progress;
        this.listening = listening;
        this.state = state;
    }

    static RunHandle start(Tracker tracker, RunSpec spec, List<TaskSpec> tasks, SessionState state) {
        RunProgress progress = new RunProgress();
        HubEvents.Subscription listening = tracker.events().subscribe(progress);
        state.setOnline(true);
        try {
            RunLoop loop = RunLoop.start(tracker, spec, tasks, tracker.events().runs(), System::nanoTime);
            RunHandle handle = new RunHandle(loop, progress, listening, state);
            state.running(handle);
            return handle;
        } catch (RuntimeException e) {
            state.setOnline(false);
            listening.cancel();
            throw e;
        }
    }

    /** How many tasks the run has (a template: one copy per spoke of its pool). */
    public int size() {
        return loop.size();
    }

    /** What the last {@link #poll} returned (see {@link #lastPoll()}), or null before the first. */
    private volatile Poll lastPoll;

    /**
     * The last poll's answer, again (null before the first): a KeyboardInterrupt (Ctrl-C, a Slurm
     * job's end) can land after the poll returned and before Python held its result; Python then
     * reports those of its reports it has not reported (each task has one report, by index).
     */
    public Poll lastPoll() {
        return lastPoll;
    }

    /** Every report that came, or the first to come within {@code maxWaitSeconds}; and where the run is. */
    public Poll poll(double maxWaitSeconds) throws InterruptedException {
        RunPoll p = loop.poll(maxWaitSeconds);
        List<Note> messages = new ArrayList<>(p.messages().size());
        for (RunCommand.Forward m : p.messages()) {
            messages.add(new Note(m.task(), m.key(), Latin1.text(m.body())));
        }
        RunProgress.Counts c = progress.counts();
        Poll answer = new Poll(p.reports().size(), packed(p.reports()), messages, p.started(), p.finished(),
                p.failure() == null ? "" : p.failure(), p.expired(), c.done(), c.failed(), c.running(), c.spokes());
        lastPoll = answer;
        return answer;
    }

    /**
     * The hub's stage5Cb answered the message of dispatch {@code key}: it goes to that task if it
     * still runs, else it is dropped.
     */
    public void reply(long key, String body) {
        loop.reply(key, Latin1.bytes(body));
    }

    /** The hub's status callback raised: the run's spokes are ended, and its unreported tasks dropped. */
    public void callbackRaised(String why) {
        loop.callbackRaised(why);
    }

    /**
     * Ctrl-C in {@code manage}: each unfinished task is reported dropped (the next {@link #poll}
     * has the reports), the spokes running one are ended, and the run goes offline.
     */
    public void interrupted(String why) {
        loop.interrupted(why);
    }

    /** See {@link SessionState#endRun}: from any thread. */
    void endFromOutside(String why) {
        loop.endFromOutside(why);
    }

    /**
     * Why something outside the session ended the run (its Slurm job ended), or "": {@code manage}
     * then raises KeyboardInterrupt once every report's callback ran.
     */
    public String endedFromOutside() {
        String why = loop.endedFromOutside();
        return why == null ? "" : why;
    }

    /** The end of {@code manage}: the hub is offline again (call it whatever happened). */
    public void close() {
        // A run manage left unfinished (a second Ctrl-C cut its cleanup short) ends here, its
        // spokes with it; a no-op for a run that went offline.
        loop.interrupted("manage ended before its run did");
        listening.cancel();
        state.running(null);
        state.setOnline(false);
    }

    /**
     * The reports in one string, so that Python takes a batch in one crossing, not one per field
     * (spm/_engine.py reads it): per report, big-endian, its task (4 bytes), status code (1),
     * tries (4), payload length (4) and bytes, error length (4) and its UTF-8 bytes; as Latin-1 text.
     */
    static String packed(List<TaskReport> reports) {
        int size = 0;
        List<byte[]> errors = new ArrayList<>(reports.size());
        for (TaskReport r : reports) {
            byte[] error = r.error() == null ? new byte[0] : r.error().getBytes(StandardCharsets.UTF_8);
            errors.add(error);
            size += 17 + r.payload().length + error.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        for (int i = 0; i < reports.size(); i++) {
            TaskReport r = reports.get(i);
            b.putInt(r.task()).put((byte) r.status().code).putInt(r.tries()).putInt(r.payload().length).put(r.payload())
                    .putInt(errors.get(i).length).put(errors.get(i));
        }
        return Latin1.text(b.array());
    }

    /**
     * One turn of the run, for Python.
     *
     * @param count how many reports came
     * @param reports the reports that came, in order, {@link #packed}
     * @param messages the running tasks' messages that came, in order (fine grain)
     * @param failure why the run could not start, or ""
     * @param done tasks reported done, for the progress line (also failed, running, spokes held)
     */
    public record Poll(int count, String reports, List<Note> messages, boolean started, boolean finished, String failure, boolean expired,
            int done, int failed, int running, int spokes) {
    }

    /**
     * A running task's message, for Python (fine grain).
     *
     * @param key its task's dispatch, which a reply names
     * @param body as the spoke's Python packed it, as Latin-1 text
     */
    public record Note(int task, long key, String body) {
    }

}
