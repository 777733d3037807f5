package org.spmpython.bridge.python;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.spmpython.natives.LibC;
import org.spmpython.natives.Posix;

/**
 * The process groups of the co-processes running now ({@code spm.util.coprocess} registers each
 * one). Known on the Java side so that a task's watchdog, or a spoke on its way out, can end them
 * while Python is busy, stuck or about to be gone (DESIGN §7: no orphans). A spoke that is
 * itself killed cannot: each co-process runs under {@code spm-coproc-guard} (native/src/main/c),
 * which ends its group when its spoke dies.
 */
public final class CoprocessGroups {
    /** Name under which the polyglot bindings carry this object. */
    public static final String BINDING = "spm.coprocesses";

    private final Set<Long> groups = ConcurrentHashMap.newKeySet();
    private final Path guard;

    /** @param guard the {@code spm-coproc-guard} program every co-process is started under */
    public CoprocessGroups(Path guard) {
        this.guard = guard;
    }

    /** The guard program's path, for {@code spm.util.coprocess}. */
    public String guard() {
        return guard.toString();
    }

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
