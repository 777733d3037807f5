package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spokes that are Slurm steps (docs/CLUSTER.md), on a real single-node Slurm started for the class
 * ({@link Slurm}): inside an allocation the hub's default spokes are steps; the paper's is_prime
 * under {@code salloc -n 2} and {@code sbatch -n 2 --wait}; a spoke killed with -9 mid-run is
 * reported and relaunched as a new step; {@code scancel} mid-run reports every task and ends the hub.
 */
@ExtendWith(ProcessLeakCheck.class)
class SlurmSpokesTest {
    private static final Duration RUN = Duration.ofSeconds(300);
    private static final String ROLLING = " --> Rolling count of (# of prime numbers) :: ";
    /** Each idle spoke's SLURM_STEP_ID, evaluated on it, sorted. */
    private static final String STEP_IDS = "print(sorted(spm.sys.tracker.evaluate(s, \"__import__('os').environ.get("
            + "'SLURM_STEP_ID')\") for s in spm.sys.tracker.spokes(('idle',))))";
    private static Slurm slurm;

    @BeforeAll
    static void startSlurm() throws Exception {
        slurm = Slurm.start();
    }

    @AfterAll
    static void stopSlurm() throws Exception {
        if (slurm != null) {
            slurm.close();
        }
    }

    private static Path folderWith(String... paperOrResources) throws IOException {
        Path dir = Paths.newScratchDir("slurm-run");
        try (var files = Files.list(Paths.paper().resolve("scipy2011"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return Paths.copyScripts(dir, paperOrResources);
    }

    /** A process of Slurm's (salloc, sbatch) under the tests' mark, SPM_SPOKES unset: the hub's default spokes. */
    private static Process start(Path dir, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        ProcessLeakCheck.mark(pb.environment());
        pb.environment().putAll(slurm.environment());
        pb.environment().remove("SPM_SPOKES");
        pb.environment().remove("SLURM_JOB_ID");
        return pb.start();
    }

    private static SpmPython.Result run(Path dir, String... command) throws Exception {
        Process p = start(dir, List.of(command));
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = SpmPython.pump(p.getInputStream(), out);
        Thread e = SpmPython.pump(p.getErrorStream(), err);
        if (!p.waitFor(RUN.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        o.join(10_000);
        e.join(10_000);
        return new SpmPython.Result(p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1,
                out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<Integer> rollingCounts(String out) {
        return out.lines().filter(l -> l.startsWith(ROLLING)).map(l -> Integer.parseInt(l.substring(ROLLING.length()).trim()))
                .toList();
    }

    /** Two spokes, each a step of the job of its own (SLURM_STEP_ID set, two ids). */
    private static void assertTwoSteps(String out, String context) {
        String line = out.lines().filter(l -> l.startsWith("['")).reduce((a, b) -> b).orElse("");
        assertTrue(line.matches("\\['\\d+', '\\d+'\\]"), "step ids: " + line + "\n" + context);
        String[] ids = line.replaceAll("[\\[\\]' ]", "").split(",");
        assertNotEquals(ids[0], ids[1], context);
    }

    /** One allocation for both (a hub and its spokes cost a minute here): is_prime, then a spoke killed mid-run. */
    @Test
    void underSallocIsPrimeRunsOnStepsAndASpokeKilledWithMinus9IsReportedAndRelaunchedAsANewStep() throws Exception {
        var r = run(folderWith("taskmanager/faults.py"), "salloc", "-n", "2", Paths.launcher().toString(), "-c",
                "import pool, is_prime; is_prime.main(pool.inter())\n" + STEP_IDS + "\n"
                        + "import faults; faults.interp(['nap', 'kill', 'nap', 'nap', 'ok'], timeout=30)\n"
                        + "import time\n"
                        + "for _ in range(240):\n"
                        + "    if len(spm.sys.tracker.spokes(('idle',))) == 2: break\n"
                        + "    time.sleep(0.5)\n"
                        + STEP_IDS);
        assertEquals(0, r.exitCode(), r.toString());
        List<Integer> counts = rollingCounts(r.stdout());
        assertEquals(10, counts.size(), r.toString());
        assertEquals(41714, counts.get(9), r.toString());
        List<String> steps = r.stdout().lines().filter(l -> l.startsWith("['")).toList();
        assertEquals(2, steps.size(), r.toString());
        assertTwoSteps(steps.get(0), r.toString());
        assertTrue(!r.stderr().contains("CANCELLED"), "the hub ends its steps in order, none cancelled: " + r);

        String[] reports = r.stdout().lines().filter(l -> l.startsWith("('")).toArray(String[]::new);
        assertEquals(5, reports.length, r.toString());
        assertTrue(reports[1].startsWith("('1-kill', 'SPMTaskDropped', "), r.toString());
        for (int i : new int[] {0, 2, 3, 4}) {
            assertTrue(reports[i].contains("'done'"), r.toString());
        }
        assertTwoSteps(steps.get(1), r.toString());
        assertNotEquals(steps.get(0), steps.get(1), "the killed spoke's slot is a new step: " + r);
    }

    @Test
    void isPrimeUnderSbatchWait() throws Exception {
        Path dir = folderWith();
        Files.writeString(dir.resolve("job.sh"), "#!/bin/sh\n" + Paths.launcher() + " -c \"import pool, is_prime;"
                + " is_prime.main(pool.inter())\n" + STEP_IDS.replace("\"", "\\\"") + "\"\n");
        var r = run(dir, "sbatch", "-n", "2", "--wait", "-o", dir.resolve("job.out").toString(), dir.resolve("job.sh").toString());
        String out = Files.exists(dir.resolve("job.out")) ? Files.readString(dir.resolve("job.out")) : "(no job.out)";
        assertEquals(0, r.exitCode(), r + "\n--- job.out:\n" + out);
        List<Integer> counts = rollingCounts(out);
        assertEquals(List.of(10, 41714), List.of(counts.size(), counts.isEmpty() ? 0 : counts.get(counts.size() - 1)), out);
        assertTwoSteps(out, out);
    }

    @Test
    void scancelMidRunReportsEveryTaskAndEndsTheHub() throws Exception {
        Path dir = folderWith("taskmanager/faults.py");
        Process p = start(dir, List.of("salloc", "-n", "2", Paths.launcher().toString(), "-c",
                "import faults\ntry:\n    faults.interp(['nap'] * 30, timeout=30)\nfinally:\n"
                        + "    print('reports: %d' % len(faults.reports))\n"
                        + "    print('dropped: %d' % sum(1 for r in faults.reports if r[1] == 'SPMTaskDropped'))"));
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SpmPython.pump(p.getInputStream(), out);
        SpmPython.pump(p.getErrorStream(), err);
        long deadline = System.nanoTime() + RUN.toNanos();
        while (!out.toString(StandardCharsets.UTF_8).contains("Tasks - Eval") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(3000); // a task or two done
        String job = slurm.output("squeue", "-h", "-o", "%i").strip();
        assertTrue(job.matches("\\d+"), "one job: " + job + "\n" + out + err);
        slurm.output("scancel", job);
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String said = "stdout:\n" + out + "\nstderr:\n" + err;
        assertTrue(ended, "the hub exits after scancel: " + said);
        assertTrue(said.contains("reports: 30"), "every task reported once: " + said);
        assertTrue(!said.contains("dropped: 0"), "tasks not done are reported dropped: " + said);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Slurm job " + job + " ended"), said);
        String left = job;
        for (int i = 0; i < 120 && !left.isEmpty(); i++) { // a cancelled job is COMPLETING for a moment
            Thread.sleep(250);
            left = slurm.output("squeue", "-h", "-o", "%i").strip();
        }
        assertEquals("", left, "no job left");
    }
}
