package org.spmpython.bridge.hub.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Drives one {@link RunCore} on the interpreter thread, inside {@code manage}: feeds it the
 * events its {@link Spokes} put in its inbox (from Netty threads) and a tick at least every
 * {@value #TICK_MILLIS} ms, carries out the commands it returns, and hands the reports to Python
 * in batches ({@link #poll}). The only I/O of a run happens here.
 */
public final class RunLoop {
    /** The longest the core waits to be told the time (its timeouts are checked that often). */
    static final long TICK_MILLIS = 200;
    private static final AtomicLong RUN_IDS = new AtomicLong(1);

    private final long runId = RUN_IDS.getAndIncrement();
    private final RunCore core;
    private final RunObserver observer;
    private final LongSupplier clock;
    private final BlockingQueue<RunEvent> inbox = new LinkedBlockingQueue<>();
    private final Spokes.Attachment spokes;
    private List<TaskReport> reports = new ArrayList<>();
    private List<RunCommand.Forward> messages = new ArrayList<>();
    private boolean offline;
    /** Why something outside the session ended the run (its Slurm job ended), or null. */
    private volatile String endedFromOutside;

    private RunLoop(RunCore core, Spokes port, RunObserver observer, LongSupplier clock) {
        this.core = core;
        this.observer = observer;
        this.clock = clock;
        this.spokes = port.attach(inbox::add);
    }

    /**
     * Starts a run: its tasks (a template counts the pool's spokes now, booting ones too), its
     * core, and its attachment to the spokes.
     *
     * @param clock System.nanoTime, or a test's
     */
    public static RunLoop start(Spokes port, RunSpec spec, List<TaskSpec> given, RunObserver observer,
            LongSupplier clock) {
        List<SpokeInfo> now = port.now();
        int poolSpokes = spec.pool().choose(now, SpokeInfo::id, SpokeInfo::serverName,
                s -> s.state() == SpokeInfo.State.IDLE).size();
        if (spec.maxSpokes() > 0) {
            poolSpokes = Math.min(poolSpokes, spec.maxSpokes());
        }
        List<TaskSpec> tasks = spec.manager().tasks(given, poolSpokes);
        RunCore core = new RunCore(spec, tasks, spec.manager().policy(), clock.getAsLong());
        RunLoop loop = new RunLoop(core, port, observer, clock);
        observer.online(loop.runId, spec.manager(), tasks.size());
        return loop;
    }

    public long runId() {
        return runId;
    }

    /** How many tasks the run has (a template: its copies). */
    public int size() {
        return core.size();
    }

    public RunCore core() {
        return core;
    }

    /**
     * Takes every event that has come, and waits up to {@code maxWaitSeconds} for a report if none
     * did; returns the reports and where the run is. Returns at once once the run is offline.
     */
    public RunPoll poll(double maxWaitSeconds) throws InterruptedException {
        long until = clock.getAsLong() + (long) (maxWaitSeconds * 1e9);
        step(new RunEvent.Tick());
        while (true) {
            RunEvent event;
            while (!offline && (event = inbox.poll()) != null) {
                step(event);
            }
            spokes.flush(); // what the events called for goes out before the run waits, or Python takes its reports
            long left = until - clock.getAsLong();
            if (offline || !reports.isEmpty() || !messages.isEmpty() || left <= 0) {
                break;
            }
            event = inbox.poll(Math.min(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS), left), TimeUnit.NANOSECONDS);
            step(event != null ? event : new RunEvent.Tick());
        }
        List<TaskReport> taken = reports;
        reports = new ArrayList<>();
        List<RunCommand.Forward> forwarded = messages;
        messages = new ArrayList<>();
        return new RunPoll(taken, forwarded, core.started(), offline, core.failure(), core.expired());
    }

    /** The hub's callback answered a task's message (dropped if that task no longer runs). */
    public void reply(long key, byte[] body) {
        // What came while the callback ran first: a task that ended meanwhile gets no reply.
        RunEvent event;
        while (!offline && (event = inbox.poll()) != null) {
            step(event);
        }
        step(new RunEvent.Reply(key, body));
        spokes.flush();
    }

    /** The hub's callback raised: the run's spokes are ended and it goes offline (DESIGN §6). */
    public void callbackRaised(String why) {
        step(new RunEvent.CallbackRaised(why));
        spokes.flush();
    }

    /** The user interrupted the run (Ctrl-C): each unfinished task is reported dropped, and it goes offline. */
    public void interrupted(String why) {
        step(new RunEvent.Interrupted(why));
        spokes.flush();
    }

    /**
     * Something outside the session ended the run (the Slurm job of the hub's allocation ended):
     * as {@link #interrupted}, but from any thread; the interpreter thread's next poll carries
     * it out, so that no status callback is cut short.
     */
    public void endFromOutside(String why) {
        endedFromOutside = why;
        inbox.add(new RunEvent.Interrupted(why));
    }

    /** Why {@link #endFromOutside} ended the run, or null. */
    public String endedFromOutside() {
        return endedFromOutside;
    }

    private void step(RunEvent event) {
        if (offline) {
            return;
        }
        List<RunCommand> commands;
        try {
            commands = core.handle(event, clock.getAsLong());
        } catch (RuntimeException e) {
            offline = true; // an impossible transition: nothing more of this run is to be trusted
            spokes.detach();
            throw e;
        }
        for (RunCommand command : commands) {
            execute(command);
            observer.executed(runId, command);
        }
        if (core.phase() == RunCore.Phase.OFFLINE) {
            offline = true;
            spokes.detach();
            observer.offline(runId, core);
        }
    }

    private void execute(RunCommand command) {
        switch (command) {
            case RunCommand.Acquire c -> spokes.acquire(c.spokeId());
            case RunCommand.Dispatch c -> spokes.dispatch(c.spokeId(), c.key(), c.spec().payload(),
                    (long) (c.spec().timeoutSeconds() * 1000));
            case RunCommand.Deliver c -> spokes.deliver(c.spokeId(), c.key(), c.body());
            case RunCommand.EndSpoke c -> spokes.end(c.spokeId(), c.why());
            case RunCommand.Report c -> reports.add(c.report());
            case RunCommand.Forward c -> messages.add(c);
            case RunCommand.Release c -> spokes.release(c.spokeId());
        }
    }
}
