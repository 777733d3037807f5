package org.spmpython.bridge.hub.view;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.spmpython.bridge.hub.HubEvent;
import org.spmpython.bridge.hub.HubEvents;

/**
 * The view's ear on the hub's event stream. A publisher (the interpreter's thread, the tracker's,
 * the cloud's) only stamps the event and queues it, lock-free, and goes on: it never waits for
 * the view, whatever a browser does. The view's thread drains the queue into its model, at its
 * ticks, and at once when {@link #BACKLOG} events wait (a run of many short tasks). Bounded: past
 * {@link #CAPACITY} undrained events, events are counted and dropped, and the view says so.
 */
final class EventInbox implements HubEvents.Listener {
    static final int CAPACITY = 200_000;
    static final int BACKLOG = 5_000;

    record Stamped(HubEvent event, long atMillis) {
    }

    private final ConcurrentLinkedQueue<Stamped> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final long startNanos;
    /** Asks the view's thread to drain now; must not block (it hands a task to an event loop). */
    private final Runnable drainSoon;

    EventInbox(long startNanos, Runnable drainSoon) {
        this.startNanos = startNanos;
        this.drainSoon = drainSoon;
    }

    long millisNow() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void on(HubEvent event) {
        int waiting = size.incrementAndGet();
        if (waiting > CAPACITY) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(new Stamped(event, millisNow()));
        if (waiting == BACKLOG) {
            drainSoon.run();
        }
    }

    /** Applies every queued event to the model; returns how many. On the view's thread only. */
    int drainInto(ViewModel model) {
        int n = 0;
        Stamped s;
        while ((s = queue.poll()) != null) {
            size.decrementAndGet();
            model.apply(s.event(), s.atMillis());
            n++;
        }
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            model.dropped(lost);
        }
        return n;
    }
}
