package org.spmpython.launcher;

import java.nio.file.Path;
import java.time.Duration;

import org.spmpython.bridge.hub.cloud.SpokePlan;
import org.spmpython.bridge.python.InterpreterFlags;
import org.spmpython.bridge.hub.cloud.remote.SlurmAllocation;
import org.spmpython.bridge.wire.Tls;
import org.spmpython.bridge.spoke.SpokeCommand;
import org.spmpython.bridge.wire.HostPort;

/**
 * The hub's command-line options, checked: {@code --spokes}, {@code --listen}, {@code
 * --lost-after}, {@code --dashboard} (and {@code -q}, which silences its URL), and those of
 * python's that its spokes share ({@code --legacy}, {@code -v}, {@code -B}, {@code
 * --no-shared-fs}, python's flags such as {@code -O}, {@code -W}, {@code -X}: DESIGN §2, a spoke
 * runs the hub's code as the hub would), and {@code --cloud},
 * {@code --secret-file} (which persistent cloud lends it spokes: {@link SessionCloud}).
 */
record HubOptions(SpokePlan plan, HostPort listen, Duration lostAfter, String legacyMode, boolean verbose,
        boolean writeBytecode, boolean sharedFileSystem, boolean showTaskOutput, HostPort dashboard, boolean quiet,
        SessionCloud cloud, Remote remote, InterpreterFlags pythonFlags) {
    /**
     * Across machines (docs/CLUSTER.md): TLS ({@code --tls}; {@code --tls-cert/--tls-key} files or
     * null for a certificate made per session) and the spm-python command on ssh hosts.
     */
    record Remote(boolean tls, Path tlsCert, Path tlsKey, String remoteCommand) {
        static Remote of(CommandLine line) {
            if (line.has(Option.TLS_CERT) != line.has(Option.TLS_KEY)) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both, or --tls alone for a"
                        + " certificate made for the session");
            }
            return new Remote(line.has(Option.TLS) || line.has(Option.TLS_CERT),
                    line.has(Option.TLS_CERT) ? Path.of(line.value(Option.TLS_CERT)) : null,
                    line.has(Option.TLS_KEY) ? Path.of(line.value(Option.TLS_KEY)) : null,
                    line.has(Option.REMOTE_COMMAND) ? line.value(Option.REMOTE_COMMAND) : "spm-python");
        }

        /** The tracker's TLS, or null. @throws IllegalArgumentException naming a file that will not do */
        Tls makeTls() {
            return !tls ? null : tlsCert == null ? Tls.selfSigned() : Tls.fromFiles(tlsCert, tlsKey);
        }
    }

    /** The environment variable that gives {@code --spokes} its default. */
    static final String SPOKES_VARIABLE = "SPM_SPOKES";

    /** @param pythonFlags python's flags of the session (its spokes take those they share) */
    static HubOptions of(CommandLine line, InterpreterFlags pythonFlags) throws UsageException {
        String source = line.has(Option.SPOKES) ? "--spokes" : SPOKES_VARIABLE;
        String spokes = line.has(Option.SPOKES) ? line.value(Option.SPOKES)
                : startedByMultiprocessing(line) ? "none" : System.getenv(SPOKES_VARIABLE);
        if (spokes == null && SlurmAllocation.inside(System.getenv())) {
            source = "--spokes (inside Slurm job " + System.getenv("SLURM_JOB_ID") + ")";
            spokes = "slurm"; // the hub of an sbatch script or salloc: its spokes are steps of the allocation
        }
        try {
            SpokePlan plan = SpokePlan.parse(spokes, source);
            // inside a Slurm allocation its steps are the session's spokes, not this user's cloud
            boolean ownSpokesChosen = line.has(Option.SPOKES) || System.getenv(SPOKES_VARIABLE) != null
                    || startedByMultiprocessing(line) || SlurmAllocation.inside(System.getenv());
            boolean likeTheCloud = "auto".equals(line.value(Option.LEGACY)) && !line.has(Option.NO_BYTECODE)
                    && !line.has(Option.NO_SHARED_FS)
                    && !line.has(Option.TLS) && !line.has(Option.TLS_CERT) // a lent spoke joins its session in plaintext
                    && pythonFlags.forSpokes().equals(InterpreterFlags.DEFAULTS); // the cloud's run with python's
            return new HubOptions(plan,
                    line.has(Option.LISTEN) ? HostPort.parse(line.value(Option.LISTEN), "--listen") : null,
                    lostAfter(line.value(Option.LOST_AFTER)),
                    line.value(Option.LEGACY), line.has(Option.VERBOSE), !line.has(Option.NO_BYTECODE),
                    !line.has(Option.NO_SHARED_FS), !line.has(Option.QUIET_TASKS),
                    line.has(Option.DASHBOARD) ? HostPort.parse(line.value(Option.DASHBOARD), "--dashboard") : null,
                    line.has(Option.QUIET),
                    SessionCloud.of(line, ownSpokesChosen, likeTheCloud, plan.localSpokes()), Remote.of(line), pythonFlags);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * A process multiprocessing started (a spawned worker, its resource tracker, its forkserver)
     * runs no task manager: it starts no spokes, or each of N workers would start a cloud.
     * CPython's multiprocessing marks them so itself ({@code --multiprocessing-fork},
     * {@code -c 'from multiprocessing... import ...'}).
     */
    static boolean startedByMultiprocessing(CommandLine line) {
        return line.mode == CommandLine.Mode.COMMAND
                && (line.argv.contains("--multiprocessing-fork") || line.target.startsWith("from multiprocessing."));
    }

    /** The least {@code --lost-after}: below it, heartbeats of a loaded machine miss and spokes churn. */
    static final Duration LEAST_LOST_AFTER = Duration.ofSeconds(1);

    static Duration lostAfter(String value) {
        Duration d = SpokeCommand.seconds(value, "--lost-after");
        if (d.compareTo(LEAST_LOST_AFTER) < 0) {
            throw new IllegalArgumentException("--lost-after takes at least " + LEAST_LOST_AFTER.toSeconds()
                    + " second (spokes beat every fraction of it; less declares healthy spokes lost), not '" + value + "'");
        }
        return d;
    }
}
