package org.spmpython.bridge.cloud;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.spmpython.bridge.hub.HubEvent;
import org.spmpython.bridge.hub.HubEvents;
import org.spmpython.bridge.hub.Tracker;

/**
 * Lends the cloud's warm spokes to attached sessions, one session per spoke at a time. Sessions
 * are served in the order they attached: each gets idle spokes up to what it wants; a spoke
 * that comes back (its session ended, was lost, or ended it on purpose) goes to the first
 * session still short of spokes, else waits idle. A spoke lost meanwhile is relaunched by the
 * cloud and joins as a new one. All of it runs on one thread of its own: the tracker's events
 * and the lends' answers only queue work here, so the lender never holds the tracker's monitor.
 */
final class Lender implements AutoCloseable {
    private final Tracker tracker;
    private final HubEvents.Subscription listening;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "spm-cloud-lender");
        t.setDaemon(true);
        return t;
    });
    /** Joined spokes lent to nobody, oldest first. */
    private final Deque<Integer> idle = new ArrayDeque<>();
    /** Attached sessions in their order, with the spokes lent to each. */
    private final Map<Session, List<Integer>> sessions = new LinkedHashMap<>();
    /** Which session each lent spoke serves. */
    private final Map<Integer, Session> lentTo = new LinkedHashMap<>();
    private volatile boolean closed;

    Lender(Tracker tracker) {
        this.tracker = tracker;
        this.listening = tracker.events().subscribe(event -> {
            switch (event) {
                case HubEvent.SpokeJoined joined -> later(() -> joined(joined.spoke().id()));
                case HubEvent.SpokeLost lost -> later(() -> idle.remove(lost.spoke().id()));
                default -> { }
            }
        });
    }

    private void later(Runnable work) {
        if (!closed) {
            try {
                thread.execute(work);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // the cloud stops
            }
        }
    }

    private void joined(int spoke) {
        if (!idle.contains(spoke) && !lentTo.containsKey(spoke)) {
            idle.addLast(spoke);
        }
        lend();
    }

    void attach(Session session) {
        later(() -> {
            sessions.put(session, new ArrayList<>());
            lend();
        });
    }

    /** The session is gone (its control connection closed): its spokes come back by themselves. */
    void detach(Session session) {
        later(() -> sessions.remove(session));
    }

    /** The session each spoke is lent to now, for {@code cloud status}. */
    Map<Integer, Session> lent() {
        try {
            return thread.submit(() -> Map.copyOf(lentTo)).get();
        } catch (InterruptedException | ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            return Map.of();
        }
    }

    /** The attached sessions with how many spokes each has now. */
    Map<Session, Integer> sessions() {
        try {
            return thread.submit(() -> {
                Map<Session, Integer> counts = new LinkedHashMap<>();
                sessions.forEach((s, spokes) -> counts.put(s, spokes.size()));
                return counts;
            }).get();
        } catch (InterruptedException | ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            return Map.of();
        }
    }

    private void lend() {
        for (Map.Entry<Session, List<Integer>> entry : sessions.entrySet()) {
            Session session = entry.getKey();
            List<Integer> spokes = entry.getValue();
            while (!idle.isEmpty() && spokes.size() < session.wanted()) {
                int spoke = idle.removeFirst();
                spokes.add(spoke);
                lentTo.put(spoke, session);
                CompletableFuture<org.spmpython.bridge.wire.Message.Evaluated> back = tracker.lend(spoke,
                        session.host(), session.port(), session.secret(), session.lostAfter());
                back.whenComplete((answer, lost) -> later(() -> back(spoke, session, answer, lost)));
            }
        }
    }

    /** A lent spoke came back (answer) or was lost (lost). */
    private void back(int spoke, Session session, org.spmpython.bridge.wire.Message.Evaluated answer, Throwable lost) {
        lentTo.remove(spoke);
        List<Integer> spokes = sessions.get(session);
        if (spokes != null) {
            spokes.remove((Integer) spoke);
            if (answer != null && !answer.ok()) {
                // The spoke could not reach the session: lending it more would go round in circles.
                tracker.events().publish(new HubEvent.Notice("cloud", "session " + session.id() + " (pid "
                        + session.pid() + ") is unreachable: " + answer.error()));
                sessions.remove(session);
            }
        }
        if (lost == null && !closed) {
            idle.addLast(spoke);
        }
        lend();
    }

    @Override
    public void close() {
        closed = true;
        listening.cancel();
        thread.shutdownNow();
    }
}
