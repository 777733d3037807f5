package org.spmpython.bridge;

/**
 * The clock of the task a spoke runs: Python ({@code spm._spoke}) starts it when the task's own
 * work begins (preload and evaluation), after the engine has unpacked the task, so that the
 * engine's own warm-up never counts against a task's timeout.
 */
public final class TaskClock {
    private final Runnable onStart;

    public TaskClock(Runnable onStart) {
        this.onStart = onStart;
    }

    public void start() {
        onStart.run();
    }
}
