package org.spmpython.bridge;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.spmpython.natives.LibC;
import org.spmpython.natives.Posix;

/**
 * The process groups of the co-processes running now ({@code spm.util.coprocess} registers each
 * one). Known on the Java side so that a task's watchdog, or a spoke on its way out, can end them
 * while Python is busy, stuck or about to be gone (DESIGN §7: no orphans).
 */
public final class CoprocessGroups {
    /** Name under which the polyglot bindings carry this object. */
    public static final String BINDING = "spm.coprocesses";

    private final Set<Long> groups = ConcurrentHashMap.newKeySet();

    public void started(long pgid) {
        groups.add(pgid);
    }

    public void ended(long pgid) {
        groups.remove(pgid);
    }

    public List<Long> running() {
        return List.copyOf(groups);
    }

    /** SIGTERM to every group, then SIGKILL to what is left after {@code graceMillis}. */
    public void endAll(long graceMillis) {
        List<Long> now = running();
        if (now.isEmpty()) {
            return;
        }
        now.forEach(g -> Posix.signalGroup(g, LibC.SIGTERM));
        long deadline = System.currentTimeMillis() + graceMillis;
        while (System.currentTimeMillis() < deadline && now.stream().anyMatch(g -> Posix.signalGroup(g, 0))) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        now.forEach(g -> {
            Posix.signalGroup(g, LibC.SIGKILL);
            groups.remove(g);
        });
    }
}
