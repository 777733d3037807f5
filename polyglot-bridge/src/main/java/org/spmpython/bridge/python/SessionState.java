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
}
