package org.spmpython.bridge.hub.cloud.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Slurm job the hub's allocation belongs to, looked at when one of its spoke steps ends: a
 * job that ended (scancel, its time limit) takes every step with it, and no new step can start,
 * so the slots are given up and the hub is told once ({@code ended}: it interrupts the running
 * task manager, which reports every task it has not done, docs/CLUSTER.md).
 */
public final class SlurmJob {
    /** squeue's states of a job whose steps can still run. */
    private static final Set<String> ALIVE = Set.of("RUNNING", "CONFIGURING", "SUSPENDED", "RESIZING");

    private final String id;
    private final Runnable onEnd;
    private final AtomicBoolean told = new AtomicBoolean();

    SlurmJob(String id, Runnable onEnd) {
        this.id = id;
        this.onEnd = onEnd;
    }

    /** Why no step can run any more ("Slurm job 7 ended: CANCELLED"), or null while the job runs. */
    String ended() {
        String state;
        try {
            Process p = new ProcessBuilder("squeue", "-h", "-j", id, "-o", "%T").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null; // Slurm too busy to say: another step may do
            }
            state = p.exitValue() == 0 && !out.isEmpty() ? out.lines().findFirst().orElse("") : "gone";
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (ALIVE.contains(state)) {
            return null;
        }
        if (told.compareAndSet(false, true)) {
            onEnd.run();
        }
        return "Slurm job " + id + " ended (" + state.toLowerCase() + ")";
    }
}
