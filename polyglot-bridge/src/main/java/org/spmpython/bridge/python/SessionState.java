package org.spmpython.bridge.python;

/**
 * The serial and parallel state of this resource (DESIGN §3), for {@code spm.sys.sstat} and
 * {@code spm.sys.pstat}. Written by the engine on the interpreter thread, read by Python.
 */
public final class SessionState {
    /** Name under which the polyglot bindings carry this object. */
    public static final String BINDING = "spm.state";

    /** What this process is in the hub/spoke model. */
    public enum Role { HUB, SPOKE }

    private final Role role;
    private volatile boolean online;
    private volatile boolean preloading;
    /** The task manager's run in progress at the hub, or null. */
    private volatile RunHandle running;

    public SessionState(Role role) {
        this.role = role;
    }

    public boolean isHub() {
        return role == Role.HUB;
    }

    public boolean isSpoke() {
        return role == Role.SPOKE;
    }

    public boolean isOnline() {
        return online;
    }

    public void setOnline(boolean online) {
        this.online = online;
    }

    /** True while a spoke preloads modules (offline): DESIGN §3's role-predicate rule applies. */
    public boolean isPreloading() {
        return preloading;
    }

    public void setPreloading(boolean preloading) {
        this.preloading = preloading;
    }

    // Synchronized with endRun: a run that closes either hears of the end first, or is gone for it.
    synchronized void running(RunHandle run) {
        running = run;
    }

    /**
     * Something outside the session ends it (the Slurm job of the hub's allocation ended): the
     * run in progress, if any, reports each unfinished task dropped with {@code why} and its
     * {@code manage} then raises KeyboardInterrupt, its callbacks all called in full. Any thread.
     *
     * @return false when no run is in progress (the caller interrupts the session's code instead)
     */
    public synchronized boolean endRun(String why) {
        RunHandle run = running;
        if (run == null) {
            return false;
        }
        run.endFromOutside(why);
        return true;
    }
}
