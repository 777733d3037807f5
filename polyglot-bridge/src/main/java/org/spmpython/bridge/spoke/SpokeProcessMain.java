package org.spmpython.bridge.spoke;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Set;

import org.spmpython.bridge.wire.ProtocolException;
import org.spmpython.bridge.wire.Secret;
import org.spmpython.natives.Posix;
import org.spmpython.natives.ProcessTree;

/**
 * {@code spm-python spoke ...}: a spoke process. Builds its {@link Spoke}, joins the hub, then
 * evaluates the work it is given on this (the interpreter) thread until the hub tells it to exit
 * or is gone; then the process halts.
 */
public final class SpokeProcessMain {
    /** Exit status of a spoke that could not join its hub. */
    public static final int EXIT_NOT_JOINED = 3;

    /** This process's spoke, once its context exists (its co-processes end with it). */
    private static volatile Spoke spoke;

    private SpokeProcessMain() {
    }

    /** Runs the spoke until it ends; returns the process's exit status. */
    public static int run(SpokeOptions options) {
        if (options.parentPid() >= 0) {
            // Set the parent-death signal, then check the parent did not die before it was set.
            if (!Posix.dieWithParent() || Posix.parentPid() != options.parentPid()) {
                System.err.println("spm-python spoke: the hub (pid " + options.parentPid() + ") is gone");
                return EXIT_NOT_JOINED;
            }
        }
        // Orphans of a task's processes (a shell's `setsid cmd &`) come to this process, not to
        // init, so that the end of each task finds and ends them (Spoke.serve, docs/PROCESSES.md).
        if (!ProcessTree.adoptOrphans()) {
            System.err.println("spm-python spoke: cannot adopt orphans (PR_SET_CHILD_SUBREAPER): a task's "
                    + "detached processes may outlive it");
        }
        Secret secret;
        try {
            secret = options.secretFile().equals(SpokeOptions.STDIN) ? Secret.readFrom(System.in, "the secret on stdin")
                    : Secret.read(options.secretFile());
        } catch (IOException e) {
            System.err.println("spm-python spoke: cannot read the secret: " + e.getMessage());
            return EXIT_NOT_JOINED;
        }

        SpokeExit exit = SpokeProcessMain::halt;
        Spoke s = new Spoke(options, true, null, exit);
        spoke = s;
        if (options.launchId() >= 0) {
            watchChannel(exit);
        }
        try {
            s.join(secret, options.launchId() >= 0 ? options.launchId() : Posix.pid(), why -> exit.now(why, 0));
        } catch (ProtocolException e) {
            System.err.println("spm-python spoke: " + e.getMessage());
            return EXIT_NOT_JOINED;
        } catch (InterruptedException e) {
            return EXIT_NOT_JOINED;
        }
        if (!options.outputInLog() && !forwardOutput(s)) {
            return EXIT_NOT_JOINED;
        }
        // Pinned only now: start-up (JVM, GraalPy) pinned to one core took twice as long.
        if (options.core() >= 0 && !Posix.pinToCore(options.core())) {
            System.err.println("spm-python spoke: could not pin to core " + options.core() + "; running unpinned");
        }
        s.serve();
        return 0;
    }

    /**
     * A spoke started over ssh or srun: its stdin is the channel from the hub's side, and its end
     * (the hub, or its ssh or srun, gone) ends the spoke, as the parent-death signal does locally.
     */
    private static void watchChannel(SpokeExit exit) {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing else comes this way
                }
            } catch (IOException e) {
                // ended all the same
            }
            exit.now("its channel to the hub (ssh or srun) closed", 0);
        }, "spm-spoke-channel");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * A spoke whose output is in no log the hub follows (hand-started, SSH, Slurm, cloud): fds 1
     * and 2 go into a pipe whose lines go to the hub, which shows them as a local slot's; the
     * spoke's own words ("exiting: ...") stay where its stderr was (docs/task-output.md).
     */
    private static boolean forwardOutput(Spoke s) {
        try {
            int[] fds = Posix.stdoutAndStderrIntoPipe();
            System.setErr(new PrintStream(new FileOutputStream("/proc/self/fd/" + fds[1]), true));
            s.forwardOutput(fds[0]);
            return true;
        } catch (IOException | RuntimeException e) {
            System.err.println("spm-python spoke: cannot forward its output to the hub: " + e.getMessage());
            return false;
        }
    }

    /**
     * The hub said to exit, went silent or went away, or a task cannot be stopped: end at once,
     * whatever the interpreter is doing (a busy task cannot be waited for; its co-processes are
     * cleaned up by their groups).
     */
    private static void halt(String why, int status) {
        Spoke s = spoke;
        if (s != null) {
            s.endCoprocesses();
        }
        ProcessTree.endDescendants(Set.of());
        System.err.println("spm-python spoke: exiting: " + why);
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }
}
