package org.spmpython.bridge.spoke;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The hub's messages for the task a spoke runs now (fine grain): Netty's thread puts them in,
 * the task takes them out. A message for any other task — one that ended, or never ran here — is
 * dropped, so that nothing meant for one task reaches the next.
 */
public final class TaskMailbox {
    private final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    private long task = -1;

    /** The task {@code taskId} runs now: its mailbox is empty. */
    public synchronized void open(long taskId) {
        task = taskId;
        drop();
    }

    /** No task runs now. */
    public synchronized void close() {
        task = -1;
        drop();
    }

    private void drop() {
        if (!messages.isEmpty()) { // empty is the usual case: no lock is taken then
            messages.clear();
        }
    }

    /** A message from the hub; returns false when it was dropped (not for the running task). */
    public synchronized boolean deliver(long taskId, byte[] body) {
        if (taskId != task || task < 0) {
            return false;
        }
        messages.add(body);
        return true;
    }

    /** The running task's id, or -1. */
    public synchronized long task() {
        return task;
    }

    /** The next message for the running task, waiting up to {@code limit}; null when none came. */
    public byte[] receive(Duration limit) throws InterruptedException {
        return messages.poll(limit.toNanos(), TimeUnit.NANOSECONDS);
    }
}
