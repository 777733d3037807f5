package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acceptance test: the SciPy 2011 paper's own scripts and sessions, read unchanged from
 * ../shared/paper/scipy2011 and run in a copy of that folder, as the user would.
 */
@ExtendWith(ProcessLeakCheck.class)
class PaperScipy2011Test {
    private static final Duration RUN = Duration.ofSeconds(300);
    private static final String ROLLING = " --> Rolling count of (# of prime numbers) :: ";

    private static Path copyOfThePaperFolder() throws IOException {
        Path dir = Paths.newScratchDir("scipy2011");
        try (var files = Files.list(Paths.paper().resolve("scipy2011"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    /** The rolling counts of each run, split at the MetaStatus lines that end a run. */
    private static List<List<Integer>> rollingCounts(String stdout) {
        List<List<Integer>> runs = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith(ROLLING)) {
                current.add(Integer.parseInt(line.substring(ROLLING.length()).trim()));
            } else if (line.equals("#: MetaStatus (hub): Tasks - EvalDone")) {
                runs.add(current);
                current = new ArrayList<>();
            }
        }
        return runs;
    }

    /** On spoke processes, and on spokes on threads of the hub's JVM. */
    @ParameterizedTest
    @ValueSource(strings = {"local:2", "threads:2"})
    void isPrimeSessionCountsThePrimesOnEveryPool(String spokes) throws Exception {
        Path dir = copyOfThePaperFolder();
        String session = Files.readString(Paths.paper().resolve("scipy2011/is_prime_session.txt"));
        var r = SpmPython.with("--spokes", spokes).stdin(session).in(dir).timeout(RUN).run();
        assertEquals(0, r.exitCode(), r.toString());
        List<List<Integer>> runs = rollingCounts(r.stdout());
        assertEquals(2, runs.size(), r.toString());
        assertEquals(10, runs.get(0).size(), r.toString());
        assertEquals(7, runs.get(1).size(), r.toString());
        for (List<Integer> counts : runs) {
            assertEquals(41714, counts.get(counts.size() - 1), r.toString());
            for (int i = 1; i < counts.size(); i++) {
                assertTrue(counts.get(i) > counts.get(i - 1), "a rolling count must grow: " + counts);
            }
        }
    }

    @Test
    void isPrimeColdFromTheShellUsesEveryLocalSpokeThoughItWaitsOnly2Seconds() throws Exception {
        Path dir = copyOfThePaperFolder();
        var r = SpmPython.with("--spokes", "local:2", "-c",
                "import pool, is_prime; is_prime.main(pool.intraAll())")
                .in(dir).timeout(RUN).run();
        assertEquals(0, r.exitCode(), r.toString());
        List<List<Integer>> runs = rollingCounts(r.stdout());
        assertEquals(1, runs.size(), r.toString());
        assertEquals(10, runs.get(0).size(), r.toString());
        assertEquals(41714, runs.get(0).get(9), r.toString());
        assertTrue(r.stdout().startsWith("#: MetaStatus (hub): Waiting - ForSpokes [ for up to 2 secs ]\n"), r.stdout());
    }

    @Test
    void demoSessionPrintsTheHostNameOncePerTaskOnEveryPool() throws Exception {
        Path dir = copyOfThePaperFolder();
        String session = Files.readString(Paths.paper().resolve("scipy2011/session.txt"));
        // socket.gethostname() is the kernel's node name (uname -n): read here, not by a JVM boot.
        var host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        var r = SpmPython.with("--spokes", "local:2").stdin(session).in(dir).timeout(RUN).run();
        assertEquals(0, r.exitCode(), r.toString());
        String[] blocks = r.stdout().split("#: MetaStatus \\(hub\\): Tasks - Eval\n");
        assertEquals(5, blocks.length, r.toString());
        for (int run = 1; run <= 4; run++) {
            String block = blocks[run].substring(0, blocks[run].indexOf("#: MetaStatus (hub): Tasks - EvalDone"));
            // demo.py is Python 2 code: its print("...%s", x) prints a tuple, as Python 2 did.
            long printed = block.lines().filter(l -> l.equals("('\\tstdOut   : %s', '" + host + "\\n')")).count();
            assertEquals(2, printed, "run " + run + ":\n" + block);
        }
    }

    @Test
    void spokesWithoutASharedFileSystemRunIsPrimeFromAFolderTheyCannotSee() throws Exception {
        Path dir = copyOfThePaperFolder();
        try (HubSession hub = HubSession.start("--spokes", "none", "--listen", "127.0.0.1:0")) {
            hub.run("import os; os.chdir(" + HubSession.quoted(dir.toString()) + "); import sys; sys.path.insert(0, '')");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "tracker listening on /127\\.0\\.0\\.1:(\\d+); remote spokes: .* --secret-file (\\S+)")
                    .matcher(hub.stderr());
            assertTrue(m.find(), hub.stderr());
            List<Process> spokes = new ArrayList<>();
            try {
                for (String server : List.of("far1", "far2")) {
                    // Started elsewhere (their own folder), told they share no files with the hub.
                    spokes.add(SpmPython.processBuilder(List.of("spoke", "--hub", "127.0.0.1:" + m.group(1),
                                    "--secret-file", m.group(2), "--server-name", server, "--no-shared-fs"))
                            .directory(Paths.newScratchDir("far").toFile()).redirectErrorStream(true).start());
                }
                hub.awaitIdleSpokes(2);
                String out = hub.run("import pool, is_prime; is_prime.main(pool.inter(), nBuckets = 4)", RUN);
                List<List<Integer>> runs = rollingCounts(out + "\n");
                assertEquals(List.of(4), runs.stream().map(List::size).toList(), out);
                assertEquals(41714, runs.get(0).get(3), out);
                // Both spokes worked, and what they ran came from the hub.
                String ran = hub.run("print(sorted(s.serverName for s in spm.sys.tracker.spokes() if s.tasksRun > 0))");
                assertEquals("['far1', 'far2']", ran, out);
            } finally {
                spokes.forEach(Process::destroy);
                for (Process p : spokes) {
                    p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        }
    }
}
