package org.spmpython.bridge.hub.run;

import java.util.ArrayList;
import java.util.List;

/**
 * One run through {@link RunLoop} on {@link FakeSpokes}, with a clock of its own that moves only
 * when told ({@link #advance}): every poll is {@code poll(0)} and never blocks. It keeps every
 * command the loop carried out and every report it handed back, and fails as soon as the fake saw
 * a command the run's knowledge excludes, with the run's story.
 */
final class RunHarness {
    private static final long START = 1_000_000_000_000L;

    final FakeSpokes spokes;
    final RunLoop loop;
    private long now = START;
    private final List<RunCommand> commands = new ArrayList<>();
    private final List<TaskReport> reports = new ArrayList<>();
    private int taken;
    private RunPoll last;
    /** What the run told its observer (the hub's event stream) of its coming online and going offline. */
    private final List<String> announced = new ArrayList<>();

    private RunHarness(FakeSpokes spokes, RunSpec spec, List<TaskSpec> tasks) {
        this.spokes = spokes;
        this.loop = RunLoop.start(spokes, spec, tasks, new RunObserver() {
            @Override
            public void online(long runId, Manager manager, int tasks) {
                announced.add("online");
            }

            @Override
            public void executed(long runId, RunCommand command) {
                if (announced.contains("offline")) {
                    announced.add("a command after offline: " + brief(command));
                }
                commands.add(command);
            }

            @Override
            public void offline(long runId, RunCore core) {
                announced.add("offline");
            }
        }, () -> now);
    }

    /** Starts the run and lets it take in the spokes known now. */
    static RunHarness start(FakeSpokes spokes, RunSpec spec, List<TaskSpec> tasks) {
        RunHarness h = new RunHarness(spokes, spec, tasks);
        h.poll();
        return h;
    }

    RunCore core() {
        return loop.core();
    }

    /**
     * One {@code poll(0)}. Then a second one, which must do nothing: the first tick of the next
     * poll runs before the event the fake will deliver, and the fake counts that event as told
     * when it delivers it, which is only right if that tick (at an unchanged time) changes nothing.
     */
    RunPoll poll() {
        last = pollOnce();
        int before = commands.size();
        RunPoll again = pollOnce();
        if (commands.size() != before || !again.reports().isEmpty()) {
            throw fail("a tick at an unchanged time gave " + commands.subList(before, commands.size()));
        }
        return last;
    }

    private RunPoll pollOnce() {
        RunPoll p;
        try {
            p = loop.poll(0);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        reports.addAll(p.reports());
        spokes.polled();
        if (!spokes.violations().isEmpty()) {
            throw fail("the run gave commands its knowledge excludes: " + spokes.violations());
        }
        return p;
    }

    /** Delivers every event in flight, one per poll. */
    void deliver() {
        while (spokes.deliverNext()) {
            poll();
        }
    }

    /** Delivers the {@code pick}-th of the events that may come next ({@link FakeSpokes#deliver}). */
    void deliverOne(int pick) {
        if (spokes.deliver(pick)) {
            poll();
        }
    }

    /** Time passes, and the run is polled (its timeouts are checked). */
    void advance(double seconds) {
        now += (long) (seconds * 1e9);
        poll();
    }

    void callbackRaised() {
        loop.callbackRaised("the callback raised");
        if (!spokes.violations().isEmpty()) {
            throw fail("the run gave commands its knowledge excludes: " + spokes.violations());
        }
    }

    void interrupted() {
        loop.interrupted("interrupted");
        if (!spokes.violations().isEmpty()) {
            throw fail("the run gave commands its knowledge excludes: " + spokes.violations());
        }
    }

    /** The last poll's answer. */
    RunPoll last() {
        return last;
    }

    boolean offline() {
        return core().phase() == RunCore.Phase.OFFLINE;
    }

    /**
     * What the hub heard of the run's coming online and going offline, in order: once each, and
     * nothing carried out in between the end and now, for a run that ended well.
     */
    List<String> announced() {
        return List.copyOf(announced);
    }

    /** Every command carried out so far. */
    List<RunCommand> commands() {
        return List.copyOf(commands);
    }

    /** Every report handed back by the polls, in order. */
    List<TaskReport> reports() {
        return List.copyOf(reports);
    }

    /** The commands carried out since the last take, briefly ({@link #brief}). */
    List<String> take() {
        List<String> out = commands.subList(taken, commands.size()).stream().map(RunHarness::brief).toList();
        taken = commands.size();
        return out;
    }

    /** A command as tests spell it: "acquire 1", "dispatch t0 to 1", "end 1", "report t0 done on 1"... */
    static String brief(RunCommand command) {
        return switch (command) {
            case RunCommand.Acquire c -> "acquire " + c.spokeId();
            case RunCommand.Dispatch c -> "dispatch t" + c.task() + " to " + c.spokeId();
            case RunCommand.Deliver c -> "deliver to " + c.spokeId();
            case RunCommand.Forward c -> "forward from t" + c.task();
            case RunCommand.EndSpoke c -> "end " + c.spokeId();
            case RunCommand.Report c -> "report t" + c.report().task() + " " + c.report().status().label()
                    + (c.report().spokeId() < 0 ? "" : " on " + c.report().spokeId());
            case RunCommand.Release c -> "release " + c.spokeId();
        };
    }

    /** An assertion failure that tells the run's story. */
    AssertionError fail(String what) {
        return new AssertionError(what + "\nthe run's story:\n" + core().story());
    }
}
