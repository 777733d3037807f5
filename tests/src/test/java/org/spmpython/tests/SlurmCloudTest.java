package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A persistent cloud kept warm for a Slurm allocation (docs/CLOUD.md, issue 15 item 1), on a real
 * single-node Slurm ({@link Slurm}): inside {@code salloc -n 2}, {@code cloud start} makes its
 * spokes Slurm steps (as a hub's default there), two sessions borrow the same warm steps one after
 * the other, and {@code scancel} of the job mid-run reports every task of the session and ends the
 * cloud with nothing left. One allocation for all of it.
 */
@ExtendWith(ProcessLeakCheck.class)
class SlurmCloudTest {
    private static final String MARK = "session-spokes: ";
    /** Each idle spoke's "pid:SLURM_STEP_ID", evaluated on it, sorted. */
    private static final String SPOKES = "print('" + MARK + "%s' % sorted(spm.sys.tracker.evaluate(s, \"'%d:%s' % ("
            + "__import__('os').getpid(), __import__('os').environ.get('SLURM_STEP_ID'))\") for s in "
            + "spm.sys.tracker.spokes(('idle',))), flush=True)";
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

    @Test
    void aCloudInAnAllocationKeepsItsStepsWarmForTwoSessionsAndEndsWithTheJob() throws Exception {
        Path dir = Paths.newScratchDir("slurm-cloud");
        try (var files = Files.list(Paths.paper().resolve("scipy2011"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Paths.copyScripts(dir, "taskmanager/faults.py");
        Path runtime = Paths.newScratchDir("slurm-cloud-runtime");
        String spm = Paths.launcher().toString();
        // Session 1 counts the paper's primes; session 2 runs 30 naps until the job is cancelled.
        Files.writeString(dir.resolve("job.sh"), String.join("\n", "#!/bin/sh", "set -e",
                spm + " cloud start --wait",
                spm + " cloud status",
                spm + " -v --cloud auto -c \"import pool, is_prime; is_prime.main(pool.inter())\n" + SPOKES.replace("\"", "\\\"") + "\"",
                "echo session-1-done",
                spm + " --cloud auto -c \"" + (SPOKES + "\nimport faults\ntry:\n    faults.interp(['nap'] * 30, timeout=30)\n"
                        + "finally:\n    print('reports: %d' % len(faults.reports), flush=True)\n"
                        + "    print('dropped: %d' % sum(1 for r in faults.reports if r[1] == 'SPMTaskDropped'), flush=True)")
                        .replace("\"", "\\\"") + "\"",
                ""));
        ProcessBuilder pb = new ProcessBuilder("salloc", "-n", "2", "sh", dir.resolve("job.sh").toString()).directory(dir.toFile());
        ProcessLeakCheck.mark(pb.environment());
        pb.environment().putAll(slurm.environment());
        pb.environment().remove("SPM_SPOKES");
        pb.environment().remove("SLURM_JOB_ID");
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SpmPython.pump(p.getInputStream(), out);
        SpmPython.pump(p.getErrorStream(), err);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(400);
        while (!session2Runs(out) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        String said = "stdout:\n" + out + "\nstderr:\n" + err;
        assertTrue(p.isAlive() && session2Runs(out), "session 2 did not start its tasks: " + said);
        Thread.sleep(3000); // a nap or two done
        String job = slurm.output("squeue", "-h", "-o", "%i").strip();
        assertTrue(job.matches("\\d+"), "one job: " + job + "\n" + said);
        slurm.output("scancel", job);
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        said = "stdout:\n" + out + "\nstderr:\n" + err;
        assertTrue(ended, "salloc ends after scancel: " + said);

        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("spm-python cloud: started (pid ") && stderr.contains("2 spokes, Slurm steps of job " + job),
                said);
        assertTrue(stdout.contains("0 sessions attached"), "cloud status: " + said);
        assertTrue(stderr.contains("# cloud: borrowing spokes of the cloud at "), said);
        assertTrue(stdout.contains(" --> Rolling count of (# of prime numbers) :: 41714"), "session 1 counted: " + said);
        // Both sessions ran on the same two warm spoke processes, each a step of its own.
        List<String> spokes = stdout.lines().filter(l -> l.startsWith(MARK)).toList();
        assertEquals(2, spokes.size(), said);
        assertEquals(spokes.get(0), spokes.get(1), "session 2 did not get session 1's warm steps: " + said);
        Matcher m = Pattern.compile("\\['(\\d+):(\\d+)', '(\\d+):(\\d+)'\\]").matcher(spokes.get(0));
        assertTrue(m.find(), spokes.get(0));
        assertFalse(m.group(2).equals(m.group(4)), "two steps: " + spokes.get(0));
        // scancel: every task of session 2 reported once, the cloud gone with nothing left.
        assertTrue(stdout.contains("reports: 30"), "every task reported once: " + said);
        assertFalse(stdout.contains("dropped: 0"), "tasks not done are reported dropped: " + said);
        assertEquals(List.of(), ProcessLeakCheck.awaitGone("cloud serve", 60_000), "the cloud outlived its job");
        Path log = runtime.resolve("spm-python/cloud/log");
        assertFalse(Files.exists(log), "the cloud left its folder: " + (Files.exists(log) ? Files.readString(log) : ""));
        String left = job;
        for (int i = 0; i < 120 && !left.isEmpty(); i++) { // a cancelled job is COMPLETING for a moment
            Thread.sleep(250);
            left = slurm.output("squeue", "-h", "-o", "%i").strip();
        }
        assertEquals("", left, "no job left");
    }

    /** Session 2 has its spokes (it printed them) and starts its naps. */
    private static boolean session2Runs(ByteArrayOutputStream out) {
        String s = out.toString(StandardCharsets.UTF_8);
        int at = s.indexOf("session-1-done");
        return at >= 0 && s.indexOf(MARK, at) >= 0;
    }
}
