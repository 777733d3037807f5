package org.spmpython.bridge.hub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.netty.channel.Channel;
import org.spmpython.bridge.hub.run.RunEvent;
import org.spmpython.bridge.wire.Message;

/** The tracker's mutable entry for one spoke; every access is synchronized on the record. */
final class SpokeRecord {
    /** Work sent to the spoke that it has not answered yet, by the request id on the wire. */
    sealed interface Pending {
        /** An evaluation for {@code spm.sys.tracker.evaluate}: the future completes with the answer. */
        record Evaluation(CompletableFuture<Message> future) implements Pending {
        }

        /** A run's task: its answer and messages go to the run's inbox with the run's key. */
        record TaskAttempt(long key, Consumer<RunEvent> inbox) implements Pending {
        }
    }

    final int id;
    final boolean local;
    private final long createdNanos = System.nanoTime();
    private String serverName;
    private int core;
    private long pid;
    private SpokeState state;
    private long lastBeatNanos = createdNanos;
    private long joinedNanos = -1;
    private Channel channel;
    private final Map<Long, Pending> pending = new HashMap<>();
    private int tasksRun;
    private boolean held;

    SpokeRecord(int id, boolean local, String serverName, int core, long pid, SpokeState state) {
        this.id = id;
        this.local = local;
        this.serverName = serverName;
        this.core = core;
        this.pid = pid;
        this.state = state;
    }

    synchronized void joined(Channel channel, String serverName, int core, long pid) {
        this.channel = channel;
        this.serverName = serverName;
        this.core = core;
        this.pid = pid;
        this.state = SpokeState.IDLE;
        this.joinedNanos = System.nanoTime();
        beat();
    }

    synchronized void beat() {
        lastBeatNanos = System.nanoTime();
    }

    synchronized long pid() {
        return pid;
    }

    synchronized SpokeState state() {
        return state;
    }

    synchronized Channel channel() {
        return channel;
    }

    synchronized void hold(boolean held) {
        this.held = held;
    }

    /** Registers work sent to the spoke; null when it cannot take work (not joined, or lost). */
    synchronized Channel startRequest(long requestId, Pending work) {
        if (channel == null || state == SpokeState.LOST || state == SpokeState.BOOTING) {
            return null;
        }
        pending.put(requestId, work);
        state = SpokeState.BUSY;
        if (work instanceof Pending.TaskAttempt) {
            tasksRun++;
        }
        return channel;
    }

    /** The work a request id stands for, now answered; null when it is not pending (stale). */
    synchronized Pending finishRequest(long requestId) {
        Pending work = pending.remove(requestId);
        if (pending.isEmpty() && state == SpokeState.BUSY) {
            state = SpokeState.IDLE;
        }
        return work;
    }

    /** The pending work a request id stands for, or null. */
    synchronized Pending pendingWork(long requestId) {
        return pending.get(requestId);
    }

    /** The request id under which a run's task of this key runs here, or -1. */
    synchronized long requestOf(long key, Consumer<RunEvent> inbox) {
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            if (e.getValue() instanceof Pending.TaskAttempt t && t.key() == key && t.inbox() == inbox) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** Marks the spoke lost; returns the work it had not answered, or null when it was lost already. */
    synchronized List<Pending> lose() {
        if (state == SpokeState.LOST) {
            return null;
        }
        state = SpokeState.LOST;
        List<Pending> failed = new ArrayList<>(pending.values());
        pending.clear();
        return failed;
    }

    synchronized SpokeView view() {
        long now = System.nanoTime();
        return new SpokeView(id, serverName, core, pid, state, (now - createdNanos) / 1e9,
                (now - lastBeatNanos) / 1e9, local, joinedNanos < 0 ? -1 : (joinedNanos - createdNanos) / 1e9, tasksRun,
                held);
    }
}
