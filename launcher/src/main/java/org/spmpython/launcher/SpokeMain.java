package org.spmpython.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.graalvm.polyglot.Context;
import org.spmpython.bridge.ContextSettings;
import org.spmpython.bridge.CoprocessGroups;
import org.spmpython.bridge.PythonContextFactory;
import org.spmpython.bridge.SessionState;
import org.spmpython.bridge.SpokeServices;
import org.spmpython.bridge.transport.Message;
import org.spmpython.bridge.transport.ProtocolException;
import org.spmpython.bridge.transport.Secret;
import org.spmpython.bridge.transport.SpokeClient;
import org.spmpython.natives.Posix;

/**
 * {@code spm-python spoke ...}: a spoke process. Builds its GraalPy context, joins the hub,
 * then evaluates the work it is given one piece at a time on this (the interpreter) thread,
 * until the hub tells it to exit or is gone.
 */
final class SpokeMain {
    /** Exit status of a spoke that could not join its hub. */
    static final int EXIT_NOT_JOINED = 3;

    /** This spoke's co-process groups, ended with it (set once its context exists). */
    private static volatile CoprocessGroups coprocesses;

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

        SessionState state = new SessionState(SessionState.Role.SPOKE);
        CoprocessGroups coprocesses = new CoprocessGroups(Installation.coprocessGuard());
        SpokeServices services = new SpokeServices(!line.has(Option.NO_SHARED_FS));
        Context context = PythonContextFactory.create(new ContextSettings(Installation.stdlib(), List.of(), List.of(""),
                Installation.executable(), false, false, true, "auto", state, coprocesses),
                Map.of(SpokeServices.BINDING, services));
        SpokeWorker worker = new SpokeWorker(context, state, coprocesses);
        SpokeMain.coprocesses = coprocesses;

        BlockingQueue<Message> work = new LinkedBlockingQueue<>();
        SpokeClient client;
        try {
            client = SpokeClient.join(hub.host(), hub.port(), secret,
                    new SpokeClient.Identity(serverName, core, Posix.pid()), lostAfter, work, SpokeMain::hubGone);
        } catch (ProtocolException e) {
            System.err.println("spm-python spoke: " + e.getMessage());
            return EXIT_NOT_JOINED;
        } catch (InterruptedException e) {
            return EXIT_NOT_JOINED;
        }
        services.connected(client);
        worker.lastWordsBy(m -> client.sendBeforeExit(m, Duration.ofSeconds(1)));
        worker.identify(client.spokeId(), serverName);
        // Pinned only now: start-up (JVM, GraalPy) pinned to one core took twice as long.
        if (core >= 0 && !Posix.pinToCore(core)) {
            System.err.println("spm-python spoke: could not pin to core " + core + "; running unpinned");
        }
        while (true) {
            Message request;
            try {
                request = work.take();
            } catch (InterruptedException e) {
                return 0;
            }
            client.send(worker.handle(request));
        }
    }

    /**
     * The hub said to exit, went silent or went away: end at once, whatever the interpreter is
     * doing (a busy task cannot be waited for; its co-processes are cleaned up by their groups).
     */
    private static void hubGone(String why) {
        if (coprocesses != null) {
            coprocesses.endAll(0);
        }
        System.err.println("spm-python spoke: exiting: " + why);
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }

    private static int integer(String value, String option) throws UsageException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, not '" + value + "'");
        }
    }
}
