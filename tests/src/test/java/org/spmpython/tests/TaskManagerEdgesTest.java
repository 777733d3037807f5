package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Task managers at their edges, each on a fresh hub: no spoke at all, a template run while its
 * spokes still boot, the live progress line on a terminal (and never in a pipe), and the README's
 * main job.
 */
@ExtendWith(ProcessLeakCheck.class)
class TaskManagerEdgesTest {
    private static Path faultsFolder() {
        return Paths.copyScripts(Paths.newScratchDir("edges"), "taskmanager/faults.py");
    }

    @Test
    void noSpokeWithinTimeoutWaitForSpokesReportsEveryTaskThenRaises() throws Exception {
        String program = String.join("\n",
                "import faults, spm",
                "try:",
                "    faults.interp(['ok', 'ok', 'ok'], wait=2)",
                "except spm.exceptions.SPMNoSpokes as e:",
                "    print('raised:', e)",
                "print(sorted(r[1] for r in faults.reports))");
        var r = SpmPython.with("--spokes", "none", "-c", program).in(faultsFolder()).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("raised: ") && r.stdout().contains("no spoke joined within 2"), r.toString());
        assertTrue(r.stdout().endsWith("['SPMTaskDropped', 'SPMTaskDropped', 'SPMTaskDropped']\n"), r.toString());
    }

    @Test
    void aTemplateRunCountsTheSpokesStillBootingAsCopies() throws Exception {
        // Started cold: both spoke processes are still booting when the run starts (a spoke
        // process takes seconds). The pool's rule counts them, so each gets its copy.
        var r = SpmPython.with("--spokes", "local:2", "-c", "import faults; faults.template('who')")
                .in(faultsFolder()).run();
        assertEquals(0, r.exitCode(), r.toString());
        java.util.List<String> spokes = FaultReports.spokesOfWho(r.stdout());
        assertEquals(2, spokes.size(), r.toString());
        assertEquals(2, new java.util.HashSet<>(spokes).size(), "both copies ran on one spoke: " + r);
    }

    @Test
    void theProgressLineShowsOnATerminalOnly() throws Exception {
        Path dir = faultsFolder();
        try (Terminal t = Terminal.start(Terminal.args("-q", "--spokes", "local:1"), Map.of())) {
            int at = t.await(">>> ", 0, Duration.ofSeconds(90));
            t.type("import os; os.chdir(" + HubSession.quoted(dir.toString()) + "); import sys; sys.path.insert(0, '');"
                    + " import faults" + Terminal.ENTER);
            at = t.await(">>> ", at);
            t.type("faults.interp(['ok'] * 3)" + Terminal.ENTER);
            at = t.await("#: done 0  failed 0  running 0  spokes 0", at, Duration.ofSeconds(120));
            at = t.await("#: MetaStatus (hub): Tasks - EvalDone", at, Duration.ofSeconds(120));
            t.type("exit()" + Terminal.ENTER);
            assertEquals(0, t.exitCode(Duration.ofSeconds(30)), t.text());
        }
        // In a pipe: no progress line, only what the paper shows.
        var r = SpmPython.with("--spokes", "local:1", "-c", "import faults; faults.interp(['ok'])").in(dir).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(!r.stdout().contains("#: done"), r.stdout());
    }

    @Test
    void theReadmesMainJobCountsThePrimesOnLocalSpokes() {
        var r = SpmPython.with("--spokes", "local:2", Paths.examples().resolve("primes.py").toString())
                .timeout(Duration.ofSeconds(300)).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains(" --> Rolling count of (# of prime numbers) :: 41714\n"), r.toString());
        assertTrue(r.stdout().contains("primes in [3, 502347): 41714 in "), r.toString());
        assertEquals(10, r.stdout().lines().filter(l -> l.startsWith(" --> Rolling count")).count(), r.toString());
    }
}
