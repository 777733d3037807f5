package org.spmpython.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

import org.spmpython.bridge.cloud.CloudClient;
import org.spmpython.bridge.hub.Console;
import org.spmpython.bridge.hub.HubEvents;
import org.spmpython.bridge.hub.HubInvariants;
import org.spmpython.bridge.hub.HubLog;
import org.spmpython.bridge.hub.Tracker;
import org.spmpython.bridge.hub.cloud.LocalCloud;
import org.spmpython.bridge.hub.cloud.remote.PlanSlots;
import org.spmpython.bridge.hub.view.Dashboard;
import org.spmpython.bridge.python.HubServices;
import org.spmpython.bridge.python.Installation;
import org.spmpython.bridge.python.SessionState;
import org.spmpython.bridge.spoke.SpokeOptions;
import org.spmpython.bridge.wire.HostPort;
import org.spmpython.bridge.wire.Secret;
import org.spmpython.bridge.wire.Tls;
import org.spmpython.natives.Posix;
import org.spmpython.natives.ProcessTree;

/**
 * The hub's engine for one session, wired together: its secret, its event stream and log, the
 * tracker, the local virtual cloud, and the live web view ({@code --dashboard}). Made before the
 * interpreter (the tracker accepts remote spokes at once); its local spokes start when the
 * interpreter is up, and boot while the user's code runs. Closed (spokes ended, secret removed) when the session ends, also on SIGTERM.
 */
final class Hub implements AutoCloseable {
    private final Path sessionDir;
    private final Tracker tracker;
    private final LocalCloud cloud;
    private final SessionState state;
    private final HubServices services;
    /** The persistent cloud this session borrows its spokes from, or null (docs/CLOUD.md). */
    private CloudClient.Borrowing borrowing;
    /** The live web view, or null. */
    private Dashboard dashboard;
    private final Thread shutdownHook = new Thread(this::endedFromOutside, "spm-hub-shutdown");
    private boolean closed;
    /** The event core's invariants, checked on the event stream when the tests ask (SPM_TEST_INVARIANTS), or null. */
    private HubInvariants invariants;

    private Hub(Path sessionDir, Tracker tracker, LocalCloud cloud, SessionState state, HubServices services) {
        this.sessionDir = sessionDir;
        this.tracker = tracker;
        this.cloud = cloud;
        this.state = state;
        this.services = services;
    }

    /** The hub cannot start as asked (a --dashboard address it cannot listen on): the message says why. */
    static final class CannotStart extends RuntimeException {
        CannotStart(String message) {
            super(message);
        }
    }

    /** In the session's folder beside the secret: the dashboard's URL, owner-only (docs/DASHBOARD.md). */
    static final String DASHBOARD_URL_FILE = "dashboard-url";

    static Hub start(HubOptions options, PrintStream err) {
        try {
            StaleSessions.clean(Installation.runtimeDir());
            // Orphans of what the session started (a spoke thread's task's `setsid cmd &`) come to
            // the hub, so that its end finds and ends them (docs/PROCESSES.md).
            ProcessTree.adoptOrphans();
            Path sessionDir = Installation.runtimeDir().resolve(StaleSessions.PREFIX + Posix.pid());
            Tls tls;
            try {
                tls = options.remote().makeTls();
            } catch (IllegalArgumentException e) {
                throw new CannotStart(e.getMessage());
            }
            Secret secret = tls == null ? Secret.random() : Secret.random().pinning(tls.fingerprint());
            Path secretFile = sessionDir.resolve("secret");
            secret.writeOwnerOnly(secretFile);
            HubEvents events = new HubEvents();
            HubLog log = new HubLog(new Console(System.out, err), true);
            events.subscribe(log);
            String verdictFile = System.getenv(HubInvariants.VARIABLE);
            HubInvariants invariants = verdictFile == null || verdictFile.isEmpty() ? null
                    : HubInvariants.toFile(Path.of(verdictFile));
            if (invariants != null) {
                events.subscribe(invariants);
            }
            // Spokes on other machines reach the tracker on every address, unless --listen says where.
            HostPort where = options.listen() != null ? options.listen()
                    : options.plan().reachesOtherMachines() ? new HostPort("0.0.0.0", 0) : new HostPort("127.0.0.1", 0);
            Tracker tracker;
            try {
                tracker = Tracker.start(secret, new Tracker.Config(where.host(), where.port(), options.lostAfter(), tls),
                        events);
            } catch (RuntimeException e) {
                deleteTree(sessionDir);
                throw e;
            }
            String serverName = Installation.serverName();
            CloudClient.Borrowing borrowing;
            try {
                HostPort reachable = new HostPort(options.listen() == null ? "127.0.0.1" : advertised(where.host(), serverName),
                        tracker.address().getPort());
                borrowing = options.cloud().attach(reachable, secret, options.lostAfter(), options.verbose(), err);
            } catch (SessionCloud.CannotAttach e) {
                tracker.close();
                deleteTree(sessionDir);
                throw new CannotStart(e.getMessage());
            }
            // Before the cloud starts, so that the view hears every spoke from its launch.
            Dashboard dashboard;
            try {
                dashboard = options.dashboard() == null ? null : Dashboard.start(options.dashboard(), events, serverName);
            } catch (IllegalArgumentException e) {
                if (borrowing != null) {
                    borrowing.close();
                }
                tracker.close();
                deleteTree(sessionDir);
                throw new CannotStart(e.getMessage());
            }
            if (dashboard != null) {
                dashboard.writeUrlOwnerOnly(sessionDir.resolve(DASHBOARD_URL_FILE));
                if (!options.quiet()) {
                    err.println("spm-python: dashboard: " + dashboard.url());
                }
            }
            String listening = options.listen() == null ? "" : "remote spokes: spm-python spoke --hub "
                    + advertised(where.host(), serverName) + ":" + tracker.address().getPort() + " --secret-file "
                    + secretFile;
            if (options.listen() != null) {
                err.println("spm-python: tracker listening on " + tracker.address() + "; " + listening);
            }
            SpokeOptions spokes = SpokeOptions.joining(new HostPort("127.0.0.1", tracker.address().getPort()), secretFile)
                    .at(serverName, -1, -1)
                    .sharing(options.legacyMode(), options.verbose(), options.writeBytecode(), options.lostAfter(),
                            options.sharedFileSystem())
                    .withPythonFlags(options.pythonFlags());
            // The cloud's spokes write to slot logs the hub follows (ssh's and srun's output too); any
            // other spoke sends its output over its connection (docs/task-output.md).
            SessionState state = new SessionState(SessionState.Role.HUB);
            LocalCloud cloud;
            try {
                HostPort reached = new HostPort(advertised(where.host(), serverName), tracker.address().getPort());
                cloud = new LocalCloud(tracker, PlanSlots.of(options.plan(), Installation.executable(),
                        options.remote().remoteCommand(), reached, secret, serverName, System.getenv(), () -> slurmJobEnded(state)), spokes.outputInSlotLog(),
                        sessionDir);
            } catch (IllegalArgumentException e) {
                if (dashboard != null) {
                    dashboard.close();
                }
                if (borrowing != null) {
                    borrowing.close();
                }
                tracker.close();
                deleteTree(sessionDir);
                throw new CannotStart(e.getMessage());
            }
            if (options.showTaskOutput()) {
                cloud.streamOutputTo(log.console()::line);
                tracker.showSpokeOutputWith(log.console()::line);
            }
            Hub hub = new Hub(sessionDir, tracker, cloud, state, new HubServices(tracker, log, state, serverName, listening));
            hub.dashboard = dashboard;
            hub.borrowing = borrowing;
            hub.invariants = invariants;
            Runtime.getRuntime().addShutdownHook(hub.shutdownHook);
            return hub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The Slurm job of the hub's allocation ended (scancel, its time limit): its spokes are gone
     * and no step can start. The running task manager reports every task it has not done, its
     * callbacks called in full, and then raises KeyboardInterrupt; with none running, the
     * session's code is interrupted as by Ctrl-C. Either way a script then ends (docs/CLUSTER.md).
     */
    private static void slurmJobEnded(SessionState state) {
        String why = "the Slurm job of this hub's allocation ended";
        System.err.println("spm-python: " + why + ": interrupting the run");
        System.err.flush();
        if (!state.endRun(why)) {
            sun.misc.Signal.raise(new sun.misc.Signal("INT"));
        }
    }

    /**
     * The host remote spokes are told to connect to: the address the tracker listens on, or,
     * when it listens on every address of the machine (0.0.0.0, ::), the machine's name.
     */
    static String advertised(String listenHost, String serverName) {
        boolean everywhere = listenHost.isEmpty() || listenHost.equals("0.0.0.0") || listenHost.equals("::")
                || listenHost.equals("[::]") || listenHost.equals("*");
        return everywhere ? serverName : listenHost;
    }

    /**
     * Starts the local cloud's spokes in the background. Called once the hub's interpreter is
     * up: booting spokes beside the hub's own start-up made both slower on 2 cores (docs/DESIGN-NOTES.md).
     */
    void startSpokes() {
        CloudClient.Borrowing borrowed = borrowing;
        if (borrowed == null) {
            cloud.start();
            return;
        }
        // Spokes lent by the cloud join the tracker as remote ones; should the cloud end, the
        // session goes on with spokes of its own.
        borrowed.whenCloudGone(() -> {
            System.err.println("spm-python: cloud: the cloud at " + borrowed.cloud() + " is gone; the session starts"
                    + " its own spokes");
            cloud.start();
        });
    }

    HubServices services() {
        return services;
    }

    /** The hub's role and serial state (online while a task manager is). */
    SessionState state() {
        return state;
    }

    /** A signal (SIGTERM, a third Ctrl-C) ends the JVM: a run may be online; the hub closes all the same. */
    private void endedFromOutside() {
        if (invariants != null) {
            invariants.endedFromOutside();
        }
        close();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (borrowing != null) {
            borrowing.close(); // first: the cloud lends this session nothing more as its spokes go back
        }
        cloud.close();
        if (dashboard != null) {
            dashboard.close();
        }
        tracker.close();
        ProcessTree.endDescendants(Set.of());
        deleteTree(sessionDir);
        if (invariants != null) {
            invariants.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // closing from the hook itself
        }
    }

    private static void deleteTree(Path dir) {
        StaleSessions.deleteTree(dir);
    }
}
