package org.spmpython.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Slurm for one test class, as DESIGN §13 verified it on this machine: Debian's
 * slurm-wlm and munge, munged as the munge user (unless one runs already), slurmctld and slurmd as
 * root with a slurm.conf of our own ({@code SLURM_CONF}: state, spool, logs and ports in a scratch
 * folder; 2 CPUs; proctrack/pgid, task/none, cons_tres with CR_CPU). The daemons are not marked;
 * the jobs' processes are (they inherit salloc's or sbatch's environment), so the leak check finds
 * a step left behind. {@link #close()} stops what it started. When Slurm cannot start, the class
 * skips loudly ({@link Cluster}).
 */
final class Slurm implements AutoCloseable {
    private static final Path MUNGED = Path.of("/usr/sbin/munged");
    private static final Path SLURMCTLD = Path.of("/usr/sbin/slurmctld");
    private static final Path SLURMD = Path.of("/usr/sbin/slurmd");

    private final Path dir;
    private final List<Process> daemons = new ArrayList<>();

    private Slurm(Path dir) {
        this.dir = dir;
    }

    static Slurm start() throws IOException, InterruptedException {
        for (Path p : List.of(MUNGED, SLURMCTLD, SLURMD)) {
            if (!Files.isExecutable(p)) {
                Cluster.unavailable("Slurm", p + " is not installed (apt-get install slurm-wlm munge)");
            }
        }
        if (!Files.exists(Path.of("/etc/munge/munge.key"))) {
            Cluster.unavailable("Slurm", "/etc/munge/munge.key is missing (the munge package makes it)");
        }
        Slurm slurm = new Slurm(Paths.newScratchDir("slurm"));
        try {
            slurm.startDaemons();
        } catch (IOException | RuntimeException e) {
            slurm.close();
            Cluster.unavailable("Slurm", e.getMessage());
        }
        return slurm;
    }

    private void startDaemons() throws IOException, InterruptedException {
        String host = InetAddress.getLocalHost().getHostName();
        Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(dir.resolve("spool"));
        int port = 20000 + (int) (Math.random() * 30000);
        Files.writeString(conf(), String.join("\n",
                "ClusterName=spmtest",
                "SlurmctldHost=" + host,
                "SlurmUser=root",
                "SlurmctldPort=" + port,
                "SlurmdPort=" + (port + 1),
                "AuthType=auth/munge",
                "ProctrackType=proctrack/pgid",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_CPU",
                "AccountingStorageType=accounting_storage/none",
                "JobAcctGatherType=jobacct_gather/none",
                "JobCompType=jobcomp/none",
                "MpiDefault=none",
                "ReturnToService=2",
                "SlurmdParameters=config_overrides",
                "KillWait=5",
                // sbatch --wait polls the job every 2 s, then 8, then 32 while MinJobAge (300 by
                // default) is large: a 15 s job waited 42 s. A short MinJobAge keeps it at 2 s;
                // records are purged only on slurmctld's minute-long purge cycle, so none is gone
                // before sbatch asks.
                "MinJobAge=4",
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + dir.resolve("slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("slurmd.log"),
                "NodeName=" + host + " CPUs=2 State=UNKNOWN",
                "PartitionName=debug Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE",
                ""));
        if (!mungeAnswers()) {
            Path run = Path.of("/run/munge");
            Files.createDirectories(run);
            exec("chown", "munge:munge", run.toString());
            daemons.add(daemon(dir.resolve("munged.log"), "runuser", "-u", "munge", "--", MUNGED.toString(), "--foreground"));
            for (int i = 0; i < 100 && !mungeAnswers(); i++) {
                Thread.sleep(100);
            }
            if (!mungeAnswers()) {
                throw new IOException("munged did not answer: " + Files.readString(dir.resolve("munged.log")));
            }
        }
        daemons.add(daemon(dir.resolve("slurmctld.out"), SLURMCTLD.toString(), "-D", "-f", conf().toString()));
        daemons.add(daemon(dir.resolve("slurmd.out"), SLURMD.toString(), "-D", "-f", conf().toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String state = "";
        while (System.nanoTime() < deadline) {
            state = output("sinfo", "-h", "-o", "%T").strip();
            if (state.equals("idle")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IOException("the node is not idle within 60 s (sinfo: '" + state + "'); see " + dir);
    }

    private static boolean mungeAnswers() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("sh", "-c", "munge -n | unmunge").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The slurm.conf: {@code SLURM_CONF} for every Slurm command the tests run. */
    Path conf() {
        return dir.resolve("slurm.conf");
    }

    /** What processes that use this Slurm need in their environment. */
    Map<String, String> environment() {
        return Map.of("SLURM_CONF", conf().toString());
    }

    /** A Slurm command (sinfo, squeue, scancel), its output; marked, so the leak check sees it. */
    String output(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(environment());
        ProcessLeakCheck.mark(pb.environment());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    String logs() throws IOException {
        return Files.readString(dir.resolve("slurmctld.log")) + Files.readString(dir.resolve("slurmd.log"));
    }

    private Process daemon(Path log, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SLURM_CONF", conf().toString());
        return pb.start();
    }

    private static void exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops slurmd, slurmctld, then munged (if it started it); each TERM, then KILL. */
    @Override
    public void close() throws InterruptedException {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            Process p = daemons.get(i);
            p.descendants().forEach(ProcessHandle::destroy); // runuser's munged
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
