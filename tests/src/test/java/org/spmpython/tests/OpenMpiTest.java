package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Open MPI programs inherit fault tolerance (DESIGN §11, docs/openmpi.md), end to end with the real
 * Open MPI 4.1 of this machine: the PyHPC 2011 session unchanged, {@code spm-python mpirun} as a
 * drop-in, ranks over several servers, and every fault of the issue — each reported once per spoke
 * with its cause, nothing left running (ProcessLeakCheck after the class: the ranks, orteds, agents
 * and mpirun carry the test's mark; the several-servers hub is shared by its two pools), and a
 * clean job after it in the same session.
 */
@ExtendWith(ProcessLeakCheck.AfterAllTests.class)
class OpenMpiTest {
    private static final Duration RUN = Duration.ofSeconds(300);
    private static Path folder;

    /** A copy of the paper's folder, with hello_world (examples-py/mpi) and the fault fixtures built by mpicc. */
    @BeforeAll
    static void build() throws Exception {
        folder();
    }

    private static void buildThePrograms() throws Exception {
        folder = Paths.newScratchDir("pyhpc2011");
        try (var files = Files.list(Paths.paper().resolve("pyhpc2011"))) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        Paths.copyScripts(folder, "mpi/mpi_jobs.py", "mpi/mpi_faults.c");
        mpicc(Paths.examples().resolve("mpi/hello_world.c"), folder.resolve("hello_world"));
        mpicc(folder.resolve("mpi_faults.c"), folder.resolve("mpi_faults"), "-g", "-rdynamic");
    }

    private static void mpicc(Path source, Path out, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of("mpicc", "-O1"));
        command.addAll(List.of(flags));
        command.addAll(List.of("-o", out.toString(), source.toString()));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("Open MPI's mpicc is needed for these tests (apt-get install openmpi-bin "
                    + "libopenmpi-dev, as .ci/run does): " + e.getMessage());
        }
        String said = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "mpicc " + source + ": " + said);
    }

    static List<String> reports(String printed) {
        return printed.lines().filter(l -> l.startsWith("REPORT ")).toList();
    }

    /** The folder with the built programs (built once per JVM, for both classes). */
    static synchronized Path folder() throws Exception {
        if (folder == null) {
            buildThePrograms();
        }
        return folder;
    }

    // --- the two forms --------------------------------------------------------------------------

    @Test
    void thePaperSessionRunsUnchangedOnEveryPool() throws Exception {
        String session = Files.readString(Paths.paper().resolve("pyhpc2011/session.txt"));
        var r = SpmPython.with("--spokes", "local:2").stdin(session).in(folder).timeout(RUN).run();
        assertEquals(0, r.exitCode(), r.toString());
        String[] runs = r.stdout().split("#: MetaStatus \\(hub\\): Tasks - EvalDone\n", -1);
        assertEquals(5, runs.length, "four EvalDone lines: " + r);
        int[] ranks = {2, 1, 2, 1}; // intraAll, intraOnePerServer, inter, interOnePerServer: one server here
        for (int run = 0; run < 4; run++) {
            List<String> lines = runs[run].lines().filter(l -> l.startsWith("app => ")).sorted().toList();
            List<String> expected = new ArrayList<>();
            for (int k = 0; k < ranks[run]; k++) {
                expected.add("app => " + k);
            }
            assertEquals(expected, lines, "run " + run + ":\n" + runs[run]);
            assertTrue(runs[run].contains("#: MetaStatus (hub): Tasks - Eval\n"), runs[run]);
        }
        assertTrue(r.stderr().isBlank() || !r.stderr().contains("Traceback"), r.toString());
    }

    @Test
    void theVerdictAndTheOutcomeParsingPassTheirUnitTests() {
        PythonUnitTests.assertAllPass(SpmPython.with(PythonUnitTests.script("test_openmpi_verdict.py")), 12,
                "spm.openmpi's unit tests");
    }

    @Test
    void mpirunIsADropInThatPrintsEveryRank() {
        var r = SpmPython.with("mpirun", "-np", "2", "./hello_world", "-prefix", "api").in(folder).timeout(RUN).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("api => 0", "api => 1"), r.stdout().lines().sorted().toList(), r.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "segv 1       | 139 | rank 1 (spoke-2@",
            "exit3 0      | 3   | rank 0 (spoke-1@",
            "abort7 1     | 7   | called MPI_Abort with code 7",
            "nofinalize 1 | 1   | without calling MPI_Finalize",
    })
    void mpirunExitsAsMpirunWouldAndNamesTheCauseInOneLine(String mode, int status, String said) {
        List<String> command = new ArrayList<>(List.of("mpirun", "-np", "2", "./mpi_faults"));
        command.addAll(List.of(mode.split(" ")));
        var r = SpmPython.with(command.toArray(String[]::new)).in(folder).timeout(RUN).run();
        assertEquals(status, r.exitCode(), r.toString());
        List<String> ours = r.stderr().lines().filter(l -> l.startsWith("spm-python mpirun: ")).toList();
        assertEquals(1, ours.size(), r.toString());
        assertTrue(ours.get(0).contains(said), r.toString());
        if (mode.startsWith("segv")) {
            assertTrue(ours.get(0).contains("SIGSEGV") && ours.get(0).contains("crash_here"), r.toString());
        }
    }

    @Test
    void mpirunEndsAJobPastItsTimeoutWith124() {
        long start = System.nanoTime();
        var r = SpmPython.with("mpirun", "-np", "2", "--timeout", "4", "./mpi_faults", "hang", "1")
                .in(folder).timeout(RUN).run();
        assertEquals(124, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("passed its timeout of 4 s"), r.toString());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(240).toNanos(), "it ended: " + r);
    }

    @Test
    void badInputGetsAClearErrorAndNoJob() {
        var notMpi = SpmPython.with("mpirun", "-np", "1", "/bin/true").in(folder).run();
        assertEquals(1, notMpi.exitCode(), notMpi.toString());
        assertTrue(notMpi.stderr().contains("/bin/true is not an MPI program: it does not need libmpi.so"),
                notMpi.toString());
        var missing = SpmPython.with("mpirun", "./no_such_app").in(folder).run();
        assertTrue(missing.stderr().contains("does not exist"), missing.toString());
        var refused = SpmPython.with("mpirun", "--hostfile", "h", "./hello_world").in(folder).run();
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("--pool"), refused.toString());
        var noApp = SpmPython.with("mpirun", "-np", "2").in(folder).run();
        assertEquals(2, noApp.exitCode(), noApp.toString());
        assertTrue(noApp.stderr().contains("no program to run"), noApp.toString());
    }

    /** An openmpi package of the store (DESIGN §9) that provides the app's library is the one that runs it. */
    @Test
    void theStoresOpenMpiIsChosenByTheLibraryTheAppNeeds() throws Exception {
        Path used = folder.resolve("store-mpirun-used");
        Files.deleteIfExists(used);
        Path ours = storeWithOpenMpi("libmpi.so.40", used);
        var r = SpmPython.with("mpirun", "-np", "1", "./hello_world", "-prefix=store").env("SPM_PKG_ROOT", ours.toString())
                .in(folder).timeout(RUN).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("store => 0"), r.stdout().lines().toList(), r.toString());
        assertTrue(Files.exists(used), "the store's mpirun ran: " + r);

        Path old = storeWithOpenMpi("libmpi.so.12", used);
        var refused = SpmPython.with("mpirun", "-np", "1", "./hello_world").env("SPM_PKG_ROOT", old.toString())
                .in(folder).timeout(RUN).run();
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("the program needs libmpi.so.40")
                && refused.stderr().contains("provides libmpi.so.12"), refused.toString());
    }

    /** A store with one openmpi package whose mpirun notes that it ran, then runs the system's. */
    private static Path storeWithOpenMpi(String provides, Path used) throws Exception {
        Path dir = Paths.newScratchDir("openmpi-pkg");
        Path mpirun = dir.resolve("mpirun");
        Files.writeString(mpirun, "#!/bin/sh\ntouch '" + used + "'\nexec /usr/bin/mpirun \"$@\"\n");
        mpirun.toFile().setExecutable(true);
        Path pkg = Files.createDirectories(dir.resolve("src/openmpi"));
        Files.writeString(pkg.resolve("__init__.py"), "mpirun = " + HubSession.quoted(mpirun.toString())
                + "\nprovides = (" + HubSession.quoted(provides) + ",)\n");
        Path probe = dir.resolve("probe.py");
        Files.writeString(probe, "def preload():\n    return True\n");
        Path root = dir.resolve("store");
        var added = SpmPython.with("-m", "spm.pkg", "--root", root.toString(), "add", dir.resolve("src").toString(),
                "--name", "openmpi", "--version", "4.1.4", "--probe", probe.toString()).run();
        assertEquals(0, added.exitCode(), added.toString());
        return root;
    }

    @Test
    void killingTheHubMidJobLeavesNothingRunning() throws Exception {
        try (HubSession h = HubSession.start("--spokes", "local:2")) {
            h.run("import os, sys; os.chdir(" + HubSession.quoted(folder.toString()) + "); sys.path.insert(0, '')");
            h.run("import mpi_jobs; app = os.getcwd() + '/mpi_faults'");
            h.send("mpi_jobs.run(app, 'beforeinit', timeout=200)\n");
            String rank = folder.resolve("mpi_faults") + " beforeinit";
            long deadline = System.nanoTime() + RUN.toNanos();
            while (ProcessLeakCheck.running(rank).stream().filter(p -> p.contains("): " + rank)).count() < 2) {
                assertTrue(System.nanoTime() < deadline, "the ranks did not start: " + h.stderr());
                Thread.sleep(200);
            }
            new ProcessBuilder("kill", "-9", Long.toString(h.pid())).start().waitFor();
            assertEquals(List.of(), ProcessLeakCheck.awaitGone("mpi_faults", 20_000), "ranks left");
            assertEquals(List.of(), ProcessLeakCheck.awaitGone("orted", 20_000), "orteds left");
            assertEquals(List.of(), ProcessLeakCheck.awaitGone("--mca plm_rsh_agent", 20_000), "mpirun left");
        }
    }

    // --- several servers on one machine ------------------------------------------------------------

    /** One hub for both pools, its 3 spokes on two servers (alpha, alpha, beta), started on first use. */
    private static HubSession servers;
    private static final List<Process> serverSpokes = new ArrayList<>();

    private static HubSession servers() throws Exception {
        if (servers != null && servers.process().isAlive()) {
            return servers;
        }
        servers = HubSession.start("--spokes", "none", "--listen", "127.0.0.1:0", "--lost-after", "60");
        servers.run("import os, sys; os.chdir(" + HubSession.quoted(folder.toString()) + "); sys.path.insert(0, '')");
        servers.run("import mpi_jobs; app = os.getcwd() + '/hello_world'");
        var m = java.util.regex.Pattern.compile(
                "tracker listening on /127\\.0\\.0\\.1:(\\d+); remote spokes: .* --secret-file (\\S+)")
                .matcher(servers.stderr());
        assertTrue(m.find(), servers.stderr());
        // The spokes' own --lost-after too: on a loaded machine a spoke that did not hear the hub
        // for 5 s left, and the job had fewer ranks than the pool listed a moment before.
        for (String server : List.of("alpha", "alpha", "beta")) {
            serverSpokes.add(SpmPython.processBuilder(List.of("spoke", "--hub", "127.0.0.1:" + m.group(1),
                            "--secret-file", m.group(2), "--server-name", server, "--lost-after", "60"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        return servers;
    }

    @AfterAll
    static void endTheServers() throws InterruptedException {
        if (servers != null) {
            servers.close();
        }
        for (Process s : serverSpokes) {
            if (!s.waitFor(30, TimeUnit.SECONDS)) {
                ProcessLeakCheck.killTree(s.toHandle());
            }
        }
    }

    /** Both pools on one hub: inter runs a rank per spoke (two share alpha's orted), interOnePerServer one per server. */
    @ParameterizedTest
    @ValueSource(strings = {"inter", "interOnePerServer"})
    void ranksSpreadOverSeveralServers(String pool) throws Exception {
        HubSession h = servers();
        h.awaitIdleSpokes(3);
        String resolved = h.run("import pool; print(pool." + pool + "().resolve())");
        String printed = h.run("mpi_jobs.run(app, '-prefix x', timeout=120, pool_name="
                + HubSession.quoted(pool) + ")", RUN) + "\n(the pool before the job: " + resolved + ")";
        List<String> reports = reports(printed);
        List<String> ranks = printed.lines().filter(l -> l.startsWith("x => ")).sorted().toList();
        if (pool.equals("inter")) {
            assertEquals(List.of("x => 0", "x => 1", "x => 2"), ranks, printed);
            assertEquals(3, reports.size(), printed);
            assertEquals(2, reports.stream().filter(l -> l.contains("@alpha")).count(), printed);
        } else {
            assertEquals(List.of("x => 0", "x => 1"), ranks, printed);
            assertEquals(2, reports.size(), printed);
            assertEquals(1, reports.stream().filter(l -> l.contains("@alpha")).count(), printed);
        }
        assertEquals(1, reports.stream().filter(l -> l.contains("@beta")).count(), printed);
        reports.forEach(l -> assertTrue(l.startsWith("REPORT done "), printed));
        for (String part : List.of("hello_world", "/usr/bin/orted", "--mca plm_rsh_agent", "spm-mpi-")) {
            assertEquals(List.of(), ProcessLeakCheck.awaitGone(part, 20_000), part + " left running");
        }
    }
}
