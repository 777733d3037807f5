package org.spmpython.bridge.hub.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.spmpython.bridge.hub.HubEvent;
import org.spmpython.bridge.hub.SpokeState;
import org.spmpython.bridge.hub.SpokeView;
import org.spmpython.bridge.hub.run.TaskReport;
import org.spmpython.bridge.wire.TaskStatus;

/**
 * What the live view shows, kept from the hub's events and bounded whatever the session does:
 * the spokes (lost ones for a minute, as the tracker keeps them), each one's last tasks as a
 * timeline, the run online (or the last one), its latest reports, and the event log. Not thread
 * safe: only the view's own thread touches it ({@link EventInbox} hands events over), so no
 * publisher ever waits for it.
 */
final class ViewModel {
    static final int SPOKES_KEPT = 256;
    static final long LOST_KEPT_MILLIS = 60_000;
    static final int SEGMENTS_PER_SPOKE = 60;
    static final int REPORTS_KEPT = 25;
    static final int LOG_KEPT = 200;
    /** A report's traceback is cut to this many characters. */
    static final int ERROR_CHARS = 4_000;

    /** One task on one spoke: a bar of the timeline; {@code end} is -1 while it runs. */
    private static final class Segment {
        final long run;
        final int task;
        final long start;
        long end = -1;
        String status = "running";

        Segment(long run, int task, long start) {
            this.run = run;
            this.task = task;
            this.start = start;
        }
    }

    private static final class Spoke {
        final int id;
        String server;
        int core;
        long pid;
        boolean local;
        SpokeState state;
        long lostAt = -1;
        String why = "";
        /** The task it runs now, or -1. */
        int task = -1;
        long taskRun = -1;
        int tasksRun;
        final ArrayDeque<Segment> timeline = new ArrayDeque<>();

        Spoke(int id) {
            this.id = id;
        }
    }

    private record Report(long run, int task, String status, int spoke, String server, String error, long at) {
    }

    private record LogLine(long at, String source, String text) {
    }

    private static final class Run {
        final long id;
        final String manager;
        final int tasks;
        final long started;
        long ended = -1;
        boolean online = true;
        int done;
        final Map<TaskStatus, Integer> failed = new EnumMap<>(TaskStatus.class);
        final Set<Integer> running = new LinkedHashSet<>();
        final ArrayDeque<Report> reports = new ArrayDeque<>();

        Run(long id, String manager, int tasks, long started) {
            this.id = id;
            this.manager = manager;
            this.tasks = tasks;
            this.started = started;
        }

        int failedTotal() {
            return failed.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final String hubServer;
    private final TreeMap<Integer, Spoke> spokes = new TreeMap<>();
    private final ArrayDeque<LogLine> log = new ArrayDeque<>();
    private Run run;
    private long dropped;
    /** Counts the events applied: the view sends a new state when it moved. */
    private long version;

    ViewModel(String hubServer) {
        this.hubServer = hubServer;
    }

    /** Events the inbox had to drop (it was full): the view says its counts may be short. */
    void dropped(long n) {
        dropped += n;
    }

    /** Applies one event that happened {@code at} milliseconds into the session. */
    void apply(HubEvent event, long at) {
        version++;
        switch (event) {
            case HubEvent.SpokeBooting e -> spoke(e.spoke(), at);
            case HubEvent.SpokeJoined e -> {
                spoke(e.spoke(), at);
                line(at, "tracker", "spoke " + e.spoke().id() + " joined from " + e.spoke().serverName()
                        + (e.spoke().core() >= 0 ? " core " + e.spoke().core() : ""));
            }
            case HubEvent.SpokeBusy e -> spoke(e.spoke(), at);
            case HubEvent.SpokeIdle e -> spoke(e.spoke(), at);
            case HubEvent.SpokeLeft e -> line(at, "tracker", "spoke " + e.spoke().id() + " is leaving: " + e.why());
            case HubEvent.SpokeLost e -> {
                Spoke s = spoke(e.spoke(), at);
                s.why = e.why();
                line(at, "tracker", "spoke " + e.spoke().id() + " lost: " + e.why());
            }
            case HubEvent.ConnectionRefused e when !e.expected() ->
                    line(at, "tracker", "closed connection from " + e.peer() + ": " + e.why());
            case HubEvent.ConnectionRefused e -> {
            }
            case HubEvent.RunOnline e -> {
                run = new Run(e.runId(), e.manager(), e.tasks(), at);
                line(at, "run " + e.runId(), e.manager() + " online with " + e.tasks() + " task" + (e.tasks() == 1 ? "" : "s"));
            }
            case HubEvent.SpokeAcquired e -> {
            }
            case HubEvent.TaskDispatched e -> dispatched(e, at);
            case HubEvent.TaskReported e -> reported(e.runId(), e.report(), at);
            case HubEvent.SpokeReleased e -> {
            }
            case HubEvent.RunOffline e -> {
                if (run != null && run.id == e.runId()) {
                    run.online = false;
                    run.ended = at;
                }
                line(at, "run " + e.runId(), "offline: " + e.done() + " done, " + e.failed() + " failed");
            }
            case HubEvent.Notice e -> line(at, e.source(), e.message());
        }
        prune(at);
    }

    private Spoke spoke(SpokeView v, long at) {
        Spoke s = spokes.computeIfAbsent(v.id(), Spoke::new);
        s.server = v.serverName();
        s.core = v.core();
        s.pid = v.pid();
        s.local = v.local();
        s.tasksRun = Math.max(s.tasksRun, v.tasksRun());
        if (s.state != SpokeState.LOST) {
            s.state = v.state();
        }
        if (s.state == SpokeState.LOST && s.lostAt < 0) {
            s.lostAt = at;
        }
        return s;
    }

    private void dispatched(HubEvent.TaskDispatched e, long at) {
        if (run != null && run.id == e.runId()) {
            run.running.add(e.task());
        }
        Spoke s = spokes.get(e.spokeId());
        if (s == null) {
            return;
        }
        s.task = e.task();
        s.taskRun = e.runId();
        s.tasksRun++;
        if (s.timeline.size() == SEGMENTS_PER_SPOKE) {
            s.timeline.removeFirst();
        }
        s.timeline.addLast(new Segment(e.runId(), e.task(), at));
    }

    private void reported(long runId, TaskReport r, long at) {
        String status = r.status().label();
        if (run != null && run.id == runId) {
            run.running.remove(r.task());
            if (r.status() == TaskStatus.DONE) {
                run.done++;
            } else {
                run.failed.merge(r.status(), 1, Integer::sum);
            }
            if (run.reports.size() == REPORTS_KEPT) {
                run.reports.removeFirst();
            }
            String error = r.error() == null ? "" : r.error();
            if (error.length() > ERROR_CHARS) {
                error = error.substring(0, ERROR_CHARS) + "\n... (" + (error.length() - ERROR_CHARS) + " more characters)";
            }
            run.reports.addLast(new Report(runId, r.task(), status, r.spokeId(), r.serverName(), error, at));
        }
        if (r.status() != TaskStatus.DONE) {
            String last = lastLine(r.error() == null ? "" : r.error());
            line(at, "run " + runId, "task " + r.task() + " " + status
                    + (r.spokeId() >= 0 ? " on spoke " + r.spokeId() : "") + (last.isEmpty() ? "" : ": " + last));
        }
        Spoke s = spokes.get(r.spokeId());
        if (s == null) {
            return;
        }
        for (Iterator<Segment> it = s.timeline.descendingIterator(); it.hasNext(); ) {
            Segment g = it.next();
            if (g.run == runId && g.task == r.task() && g.end < 0) {
                g.end = at;
                g.status = status;
                break;
            }
        }
        if (s.task == r.task() && s.taskRun == runId) {
            s.task = -1;
            s.taskRun = -1;
            if (s.state == SpokeState.BUSY) {
                s.state = SpokeState.IDLE;
            }
        }
    }

    /** A traceback's last line (the exception), without copying the rest. */
    static String lastLine(String text) {
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int start = text.lastIndexOf('\n', end - 1) + 1;
        return text.substring(start, end).strip();
    }

    private void line(long at, String source, String text) {
        if (log.size() == LOG_KEPT) {
            log.removeFirst();
        }
        log.addLast(new LogLine(at, source, text));
    }

    /** Lost spokes go after a minute, as at the tracker; and never more than {@link #SPOKES_KEPT}. */
    private void prune(long now) {
        spokes.values().removeIf(s -> s.state == SpokeState.LOST && now - s.lostAt > LOST_KEPT_MILLIS);
        while (spokes.size() > SPOKES_KEPT) {
            Integer oldestLost = spokes.values().stream().filter(s -> s.state == SpokeState.LOST).map(s -> s.id)
                    .findFirst().orElse(spokes.firstKey());
            spokes.remove(oldestLost);
        }
    }

    /** The state as {@code /api/state} serves it and the page shows it, at {@code now}. */
    String json(long now) {
        prune(now);
        Json j = new Json().beginObject();
        j.member("now", now).member("hub", hubServer).member("droppedEvents", dropped);
        j.name("spokes").beginArray();
        for (Spoke s : spokes.values()) {
            j.beginObject().member("id", s.id).member("server", s.server).member("core", s.core)
                    .member("pid", s.pid).member("local", s.local).member("state", stateOf(s).label());
            if (s.task >= 0) {
                j.member("task", s.task).member("taskRun", s.taskRun);
            } else {
                j.name("task").nullValue().name("taskRun").nullValue();
            }
            j.member("tasksRun", s.tasksRun).member("why", s.why);
            j.name("timeline").beginArray();
            for (Segment g : s.timeline) {
                j.beginObject().member("run", g.run).member("task", g.task).member("start", g.start)
                        .member("end", g.end).member("status", g.status).endObject();
            }
            j.endArray().endObject();
        }
        j.endArray();
        j.name("run");
        if (run == null) {
            j.nullValue();
        } else {
            int reported = run.done + run.failedTotal();
            j.beginObject().member("id", run.id).member("manager", run.manager).member("online", run.online)
                    .member("tasks", run.tasks).member("done", run.done).member("failedTotal", run.failedTotal());
            j.name("failed").beginObject();
            for (TaskStatus st : TaskStatus.values()) {
                if (st != TaskStatus.DONE) {
                    j.member(st.label(), run.failed.getOrDefault(st, 0));
                }
            }
            j.endObject();
            j.member("running", run.running.size())
                    .member("pending", Math.max(0, run.tasks - reported - run.running.size()))
                    .member("started", run.started).member("ended", run.ended);
            j.name("recent").beginArray();
            for (Iterator<Report> it = run.reports.descendingIterator(); it.hasNext(); ) {
                Report r = it.next();
                j.beginObject().member("run", r.run()).member("task", r.task()).member("status", r.status())
                        .member("spoke", r.spoke()).member("server", r.server()).member("error", r.error())
                        .member("at", r.at()).endObject();
            }
            j.endArray().endObject();
        }
        j.name("log").beginArray();
        for (LogLine l : log) {
            j.beginObject().member("at", l.at()).member("source", l.source()).member("text", l.text()).endObject();
        }
        j.endArray();
        return j.endObject().toString();
    }

    /** A spoke running a task of a run is busy, though the tracker tells no event for a task's start. */
    private static SpokeState stateOf(Spoke s) {
        return s.task >= 0 && s.state == SpokeState.IDLE ? SpokeState.BUSY : s.state;
    }

    long version() {
        return version;
    }

    /** For tests: the spokes' ids, in order. */
    List<Integer> spokeIds() {
        return new ArrayList<>(spokes.keySet());
    }
}
