package org.spmpython.bridge.transport;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.netty.channel.Channel;

/** The tracker's mutable entry for one spoke; every access is synchronized on the record. */
final class SpokeRecord {
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
    private final Map<Long, CompletableFuture<Message>> pending = new HashMap<>();
    private int tasksRun;

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

    /** Registers a request; null when the spoke cannot take work (not joined, or lost). */
    synchronized Channel startRequest(long requestId, CompletableFuture<Message> future, boolean task) {
        if (channel == null || state == SpokeState.LOST || state == SpokeState.BOOTING) {
            return null;
        }
        pending.put(requestId, future);
        state = SpokeState.BUSY;
        if (task) {
            tasksRun++;
        }
        return channel;
    }

    /** Tasks given to this spoke so far (a fresh spoke has run none). */
    synchronized int tasksRun() {
        return tasksRun;
    }

    synchronized CompletableFuture<Message> finishRequest(long requestId) {
        CompletableFuture<Message> future = pending.remove(requestId);
        if (pending.isEmpty() && state == SpokeState.BUSY) {
            state = SpokeState.IDLE;
        }
        return future;
    }

    /** Marks the spoke lost; returns false when it already was. Fails its pending requests. */
    boolean lose(String why) {
        Map<Long, CompletableFuture<Message>> failed;
        synchronized (this) {
            if (state == SpokeState.LOST) {
                return false;
            }
            state = SpokeState.LOST;
            failed = new HashMap<>(pending);
            pending.clear();
        }
        failed.values().forEach(f -> f.completeExceptionally(new SpokeLostException(id, why)));
        return true;
    }

    synchronized SpokeView view() {
        long now = System.nanoTime();
        return new SpokeView(id, serverName, core, pid, state, (now - createdNanos) / 1e9,
                (now - lastBeatNanos) / 1e9, local, joinedNanos < 0 ? -1 : (joinedNanos - createdNanos) / 1e9, tasksRun);
    }
}
