package org.spmpython.bridge.cloud;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.spmpython.bridge.hub.Console;
import org.spmpython.bridge.hub.HubEvent;
import org.spmpython.bridge.hub.HubEvents;
import org.spmpython.bridge.hub.HubLog;
import org.spmpython.bridge.hub.SpokeState;
import org.spmpython.bridge.hub.SpokeView;
import org.spmpython.bridge.hub.Tracker;
import org.spmpython.bridge.hub.cloud.LocalCloud;
import org.spmpython.bridge.hub.cloud.remote.PlanSlots;
import org.spmpython.bridge.hub.view.Dashboard;
import org.spmpython.bridge.python.Installation;
import org.spmpython.bridge.spoke.SpokeOptions;
import org.spmpython.bridge.wire.HostPort;
import org.spmpython.bridge.wire.Secret;
import org.spmpython.natives.Posix;
import org.spmpython.natives.ProcessTree;

/**
 * The cloud's daemon ({@code spm-python cloud serve}, started detached by {@code cloud start}):
 * a hub without a script. Its tracker, its local cloud of warm spokes, the lender and the
 * control port; it runs until {@code cloud stop} (or SIGTERM), then ends every spoke (a lent one
 * too: its session hears it lost), and removes its folder. Until it is ready it writes to the
 * starter's pipe (which shows errors to the user); from then on, to its log.
 */
public final class CloudDaemon implements ControlServer.Cloud {
    /** The starter's cue: the cloud accepts sessions (then, with --wait, {@link #WARM}). */
    public static final String READY = "spm-cloud-ready";
    public static final String WARM = "spm-cloud-warm";

    private final CloudFolder folder;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Tracker tracker;
    private LocalCloud cloud;
    private Lender lender;
    private ControlServer control;
    private Dashboard dashboard;
    private HostPort controlAddress;
    private int slots;

    private CloudDaemon(CloudFolder folder) {
        this.folder = folder;
    }

    /** Runs the daemon until it is stopped; its exit status. */
    public static int run(CloudOptions options) {
        CloudFolder folder = new CloudFolder(Installation.runtimeDir());
        PrintStream starter = System.out;
        try {
            if (!folder.create(Posix.pid())) {
                starter.println("spm-python cloud: a cloud runs already (" + folder.dir() + ")");
                return 1;
            }
        } catch (IOException e) {
            starter.println("spm-python cloud: cannot make " + folder.dir() + ": " + e.getMessage());
            return 1;
        }
        CloudDaemon daemon = new CloudDaemon(folder);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.stop();
            daemon.end();
        }, "spm-cloud-shutdown"));
        try {
            daemon.start(options, starter);
        } catch (IOException | RuntimeException e) {
            starter.println("spm-python cloud: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            daemon.end();
            return e instanceof IllegalArgumentException ? 2 : 1;
        }
        awaitUninterruptibly(daemon.stopped);
        daemon.end();
        return 0;
    }

    private void start(CloudOptions options, PrintStream starter) throws IOException {
        ProcessTree.adoptOrphans();
        Secret secret = Secret.random();
        secret.writeOwnerOnly(folder.secretFile());
        PrintStream log = new PrintStream(new FileOutputStream(folder.log().toFile(), true), true);
        HubEvents events = new HubEvents();
        events.subscribe(new HubLog(new Console(log, log), true));
        String host = options.listen().host();
        // Spokes on other machines (Slurm steps on the allocation's nodes) reach the tracker by
        // the machine's name; the control port stays where --listen says (loopback by default).
        String trackerHost = options.plan().reachesOtherMachines() && isLoopback(host) ? "0.0.0.0" : host;
        try {
            tracker = Tracker.start(secret, new Tracker.Config(trackerHost, 0, options.lostAfter()), events);
        } catch (InterruptedException e) {
            throw new IOException("interrupted", e);
        } catch (org.spmpython.bridge.hub.CannotListenException e) {
            throw new IllegalArgumentException("--listen " + options.listen() + ": " + e.reason());
        }
        String serverName = Installation.serverName();
        if (options.dashboard() != null) {
            dashboard = Dashboard.start(options.dashboard(), events, serverName);
            dashboard.writeUrlOwnerOnly(folder.dir().resolve("dashboard-url"));
        }
        SpokeOptions spokes = SpokeOptions.joining(new HostPort("127.0.0.1", tracker.address().getPort()),
                folder.secretFile()).at(serverName, -1, -1)
                .sharing("auto", false, true, options.lostAfter(), true);
        // The slots as a hub makes them (PlanSlots): local processes or threads, or the steps of
        // the Slurm allocation the cloud was started in, kept warm until the job ends.
        HostPort reached = new HostPort(advertised(trackerHost, serverName), tracker.address().getPort());
        List<LocalCloud.Slot> slotList = PlanSlots.of(options.plan(), Installation.executable(),
                Installation.executable(), reached, secret, serverName, System.getenv(), this::slurmJobEnded);
        slots = slotList.size();
        cloud = new LocalCloud(tracker, slotList, spokes, folder.dir());
        lender = new Lender(tracker);
        try {
            control = ControlServer.start(options.listen(), secret, this, events);
        } catch (IOException e) {
            throw new IllegalArgumentException("--listen " + options.listen() + ": " + e.getMessage());
        }
        String advertised = advertised(host, serverName);
        controlAddress = new HostPort(advertised, control.address().getPort());
        CountDownLatch warm = new CountDownLatch(slots);
        events.subscribe(event -> {
            if (event instanceof HubEvent.SpokeJoined) {
                warm.countDown();
            }
        });
        cloud.start();
        folder.ready(controlAddress);
        List<String> said = new ArrayList<>();
        said.add("spm-python cloud: started (pid " + Posix.pid() + ", " + slots + " spokes, "
                + (options.plan().reachesOtherMachines() ? "Slurm steps of job " + System.getenv("SLURM_JOB_ID")
                        : options.plan().placement().name().toLowerCase()) + "); sessions attach at " + controlAddress
                + " (this user's sessions find it by themselves)");
        if (!isLoopback(host)) {
            said.add("spm-python cloud: other machines: spm-python --cloud " + controlAddress + " --secret-file "
                    + folder.secretFile() + " ...; remote spokes: spm-python spoke --hub " + advertised + ":"
                    + tracker.address().getPort() + " --secret-file " + folder.secretFile());
        }
        if (dashboard != null) {
            said.add("spm-python cloud: dashboard: " + dashboard.url());
        }
        said.add("spm-python cloud: log " + folder.log() + "; stop it with: spm-python cloud stop");
        said.forEach(log::println);
        said.forEach(starter::println);
        starter.println(READY);
        if (options.waitWarm()) {
            awaitUninterruptibly(warm);
            starter.println(WARM);
        }
        starter.flush();
        // The starter stops reading here: from now on everything goes to the log.
        System.setOut(log);
        System.setErr(log);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // the latch alone ends the wait
            }
        }
    }

    static String advertised(String listenHost, String serverName) {
        boolean everywhere = listenHost.isEmpty() || listenHost.equals("0.0.0.0") || listenHost.equals("::")
                || listenHost.equals("[::]") || listenHost.equals("*");
        return everywhere ? serverName : listenHost;
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    @Override
    public List<String> status() {
        List<String> lines = new ArrayList<>();
        Map<Integer, Session> lent = lender.lent();
        Map<Session, Integer> sessions = lender.sessions();
        List<SpokeView> spokes = tracker.snapshot().stream().filter(v -> v.state() != SpokeState.LOST).toList();
        long warm = spokes.stream().filter(v -> v.state() != SpokeState.BOOTING).count();
        lines.add("cloud pid " + Posix.pid() + ", sessions attach at " + controlAddress + "; " + spokes.size()
                + " spokes (" + warm + " warm), " + sessions.size() + " sessions attached");
        for (SpokeView v : spokes) {
            Session s = lent.get(v.id());
            String state = v.state() == SpokeState.BOOTING ? "booting"
                    : s != null ? "warm, lent to session " + s.id() + " (pid " + s.pid() + ")" : "warm, idle";
            lines.add(String.format("spoke %d  server %s  core %d  pid %d  %s", v.id(), v.serverName(), v.core(),
                    v.pid(), state));
        }
        sessions.forEach((s, n) -> lines.add(String.format("session %d  pid %d  spokes %d  tracker %s:%d", s.id(),
                s.pid(), n, s.host(), s.port())));
        return lines;
    }

    @Override
    public void stop() {
        stopped.countDown();
    }

    /**
     * The Slurm job of the cloud's allocation ended (scancel, its time limit): its steps are gone
     * and no new one can start, so the cloud ends as by {@code cloud stop}: its sessions hear their
     * lent spokes lost (each running task reported) and the control connection close.
     */
    private void slurmJobEnded() {
        System.err.println("spm-python cloud: the Slurm job of the cloud's allocation ended: the cloud ends");
        stop();
    }

    @Override
    public void attach(Session session) {
        lender.attach(session);
    }

    @Override
    public void detach(Session session) {
        lender.detach(session);
    }

    /** Ends everything the cloud started, then its folder. Safe to call twice. */
    private synchronized void end() {
        if (control != null) {
            control.close();
            control = null;
        }
        if (lender != null) {
            lender.close();
        }
        if (cloud != null) {
            cloud.close();
            cloud = null;
        }
        if (dashboard != null) {
            dashboard.close();
            dashboard = null;
        }
        if (tracker != null) {
            tracker.close();
            tracker = null;
        }
        ProcessTree.endDescendants(Set.of());
        folder.delete();
    }
}
