package org.spmpython.launcher;

import java.io.IOException;
import java.nio.file.Path;

import org.spmpython.bridge.transport.ProtocolException;
import org.spmpython.bridge.transport.Secret;
import org.spmpython.bridge.transport.SpokeClient;
import org.spmpython.natives.Posix;

/**
 * {@code spm-python spoke ...}: a spoke process. Builds its {@link Spoke}, joins the hub, then
 * evaluates the work it is given on this (the interpreter) thread until the hub tells it to exit
 * or is gone; then the process halts.
 */
final class SpokeMain {
    /** Exit status of a spoke that could not join its hub. */
    static final int EXIT_NOT_JOINED = 3;

    /** This process's spoke, once its context exists (its co-processes end with it). */
    private static volatile Spoke spoke;

    private SpokeMain() {
    }

    static int run(CommandLine line) throws UsageException {
        HostPort hub = HostPort.parse(line.value(Option.HUB), "--hub");
        Path secretFile = Path.of(line.value(Option.SECRET_FILE));
        String serverName = line.has(Option.SERVER_NAME) ? line.value(Option.SERVER_NAME) : Installation.serverName();
        int core = line.has(Option.CORE) ? integer(line.value(Option.CORE), "--core") : -1;
        var lostAfter = HubOptions.seconds(line.value(Option.SPOKE_LOST_AFTER), "--lost-after");

        if (line.has(Option.PARENT)) {
            long parent = integer(line.value(Option.PARENT), "--parent");
            // Set the parent-death signal, then check the parent did not die before it was set.
            if (!Posix.dieWithParent() || Posix.parentPid() != parent) {
                System.err.println("spm-python spoke: the hub (pid " + parent + ") is gone");
                return EXIT_NOT_JOINED;
            }
        }
        Secret secret;
        try {
            secret = Secret.read(secretFile);
        } catch (IOException e) {
            System.err.println("spm-python spoke: cannot read the secret: " + e.getMessage());
            return EXIT_NOT_JOINED;
        }

        SpokeExit exit = SpokeMain::halt;
        Spoke spoke = new Spoke(!line.has(Option.NO_SHARED_FS), true, null, exit);
        SpokeMain.spoke = spoke;
        try {
            spoke.join(hub, secret, new SpokeClient.Identity(serverName, core, Posix.pid()), lostAfter,
                    why -> exit.now(why, 0));
        } catch (ProtocolException e) {
            System.err.println("spm-python spoke: " + e.getMessage());
            return EXIT_NOT_JOINED;
        } catch (InterruptedException e) {
            return EXIT_NOT_JOINED;
        }
        // Pinned only now: start-up (JVM, GraalPy) pinned to one core took twice as long.
        if (core >= 0 && !Posix.pinToCore(core)) {
            System.err.println("spm-python spoke: could not pin to core " + core + "; running unpinned");
        }
        spoke.serve();
        return 0;
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
        System.err.println("spm-python spoke: exiting: " + why);
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static int integer(String value, String option) throws UsageException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, not '" + value + "'");
        }
    }
}
