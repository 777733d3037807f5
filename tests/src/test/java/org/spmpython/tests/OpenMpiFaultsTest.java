package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The faults of an Open MPI job in the closure form (DESIGN §11, docs/openmpi.md), on one hub with
 * 2 spoke processes shared by the class: each fault reported once per spoke with its cause, the
 * job's processes gone (checked by name after each test: the ranks, orteds, mpirun), then a
 * clean job in the same session. The whole-JVM leak check runs after the class.
 */
@ExtendWith(ProcessLeakCheck.AfterAllTests.class)
class OpenMpiFaultsTest {
    private static final Duration RUN = Duration.ofSeconds(300);
    private static Path folder;
    private static HubSession hub;

    @BeforeAll
    static void build() throws Exception {
        folder = OpenMpiTest.folder();
    }

    private static List<String> reports(String printed) {
        return OpenMpiTest.reports(printed);
    }

    private static void assertJobGone() throws InterruptedException {
        // mpirun by its words: Debian links it to orterun, the name Java reports.
        for (String part : List.of("mpi_faults", "/usr/bin/orted", "--mca plm_rsh_agent", "spm-mpi-")) {
            assertEquals(List.of(), ProcessLeakCheck.awaitGone(part, 20_000), part + " left running");
        }
    }

    /** One hub (2 spoke processes) for the fault tests of the closure form; started on first use. */
    private static HubSession hub() throws InterruptedException {
        if (hub == null || !hub.process().isAlive()) {
            // A loaded machine (2 cores, other builds) can starve a heartbeat for seconds.
            hub = HubSession.start("--spokes", "local:2", "--lost-after", "60");
            hub.run("import os, sys; os.chdir(" + HubSession.quoted(folder.toString()) + "); sys.path.insert(0, '')");
            hub.run("import mpi_jobs; app = os.getcwd() + '/mpi_faults'");
            hub.awaitIdleSpokes(2);
        }
        return hub;
    }

    @AfterAll
    static void endTheHub() throws InterruptedException {
        if (hub != null) {
            hub.close();
        }
    }

        private static void assertCleanJob(HubSession h) {
        String printed = h.run("mpi_jobs.run(app, 'ok', timeout=120)", RUN);
        List<String> reports = reports(printed);
        assertEquals(2, reports.size(), printed);
        reports.forEach(r -> assertTrue(r.startsWith("REPORT done "), printed));
        assertTrue(printed.contains("rank 0 of 2 up") && printed.contains("rank 1 of 2 up"), printed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "segv 1       | rank 1 | was killed by SIGSEGV",
            "exit3 0      | rank 0 | exited with status 3",
            "nofinalize 1 | rank 1 | exited (status 0) without calling MPI_Finalize",
            "abort7 1     | rank 1 | called MPI_Abort with code 7",
    })
    void aFailingRankIsTheCauseAndTheOtherSpokeIsDropped(String mode, String rank, String what) throws Exception {
        HubSession h = hub();
        String printed = h.run("mpi_jobs.run(app, " + HubSession.quoted(mode) + ", timeout=120)", RUN);
        List<String> reports = reports(printed);
        assertEquals(2, reports.size(), printed);
        assertEquals(1, reports.stream().filter(l -> l.startsWith("REPORT SPMTaskEval ")
                && l.contains(" " + rank + " (spoke-") && l.contains(what)).count(), printed);
        assertEquals(1, reports.stream().filter(l -> l.startsWith("REPORT SPMTaskDropped ")
                && l.contains("the job failed: " + rank + " (spoke-") && l.contains(what)).count(), printed);
        if (mode.startsWith("segv")) {
            assertTrue(printed.contains("EXCEPTION backtrace of rank 1:"), printed);
            assertTrue(printed.lines().anyMatch(l -> l.startsWith("EXCEPTION ") && l.contains("crash_here")), printed);
        }
        assertJobGone();
        assertCleanJob(h);
    }

    @Test
    void aJobPastItsTimeoutIsDroppedOnEverySpokeAndEnded() throws Exception {
        HubSession h = hub();
        String printed = h.run("mpi_jobs.run(app, 'hang 1', timeout=5)", RUN);
        List<String> reports = reports(printed);
        assertEquals(2, reports.size(), printed);
        reports.forEach(l -> assertTrue(l.startsWith("REPORT SPMTaskDropped ")
                && l.contains("passed its timeout of 5 s"), printed));
        assertJobGone();
        assertCleanJob(h);
    }

    @Test
    void ranksThatDeadlockAreReportedWithTheirCallsAndEnded() throws Exception {
        HubSession h = hub();
        String printed = h.run("mpi_jobs.run(app, 'deadlock', timeout=120, deadlock=2)", RUN);
        List<String> reports = reports(printed);
        assertEquals(2, reports.size(), printed);
        reports.forEach(l -> assertTrue(l.startsWith("REPORT SPMTaskDropped ") && l.contains("deadlocked")
                && l.contains("rank 0 in MPI_Recv, rank 1 in MPI_Recv"), printed));
        assertJobGone();
        assertCleanJob(h);
    }

    @Test
    void anAppThatIsNoMpiProgramIsRefusedByName() throws Exception {
        String printed = hub().run("mpi_jobs.run('/bin/true', '')", RUN);
        assertTrue(printed.contains("MANAGE SPMException: /bin/true is not an MPI program: it does not need "
                + "libmpi.so"), printed);
        assertTrue(printed.contains("REPORTS 0"), printed);
    }

    /**
     * kill -9 mid-job of a spoke (the one whose host runs the server's orted, and the other one,
     * whose rank runs under that orted but is tied to its own spoke), of an orted, of mpirun;
     * 'beforeinit' ranks are those that leaked.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "leader   | hang 1     | the job lost a spoke          | 1",
            "follower | hang 1     | the job lost a spoke          | 1",
            "orted  | hang 1     | the orted on spoke-           | 2",
            "mpirun | beforeinit | mpirun was killed by SIGKILL | 2",
    })
    void killingAPartOfTheJobMidJobEndsItAllAndSaysWhat(String victim, String mode, String said, int saying)
            throws Exception {
        HubSession h = hub();
        h.awaitIdleSpokes(2);
        h.send("mpi_jobs.run(app, " + HubSession.quoted(mode) + ", timeout=200)\n");
        String rank = folder.resolve("mpi_faults") + " " + mode;
        long deadline = System.nanoTime() + RUN.toNanos();
        while (ProcessLeakCheck.running(rank).stream().filter(p -> p.contains("): " + rank)).count() < 2) {
            assertTrue(System.nanoTime() < deadline, "the ranks did not start: " + h.stderr());
            Thread.sleep(200);
        }
        Thread.sleep(500);
        long pid = switch (victim) {
            case "leader" -> spokeOfAHost(true);
            case "follower" -> spokeOfAHost(false);
            case "orted" -> pidOf("orted");
            default -> pidOf("mpirun", "orterun"); // Debian's mpirun links to orterun: Java names the target
        };
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        String printed = h.run("pass", RUN);
        List<String> reports = reports(printed);
        assertEquals(2, reports.size(), printed);
        reports.forEach(l -> assertTrue(l.startsWith("REPORT SPMTaskDropped ") || l.startsWith("REPORT SPMTaskEval "),
                printed));
        // A lost spoke keeps its own report ("its spoke N was lost"); the other names the loss.
        assertEquals(saying, reports.stream().filter(l -> l.contains(said)).count(), printed);
        assertJobGone();
        h.awaitIdleSpokes(2);
        assertCleanJob(h);
    }

    /**
     * The spoke process whose task's spm-mpi-host runs the server's orted (leader) or not (the
     * other spoke of the server): the parent of the co-process guard of that spm-mpi-host.
     */
    private static long spokeOfAHost(boolean leader) {
        for (ProcessHandle p : ProcessLeakCheck.marked()) {
            String command = p.info().commandLine().orElse("");
            if (command.contains("spm-coproc-guard") && command.contains("spm-mpi-host")
                    && runsAnOrted(p) == leader) {
                return p.parent().map(ProcessHandle::pid).orElseThrow();
            }
        }
        return fail("no spoke of this test hosts " + (leader ? "the" : "no") + " orted");
    }

    private static boolean runsAnOrted(ProcessHandle guard) {
        return guard.descendants().anyMatch(d -> d.info().commandLine().orElse("").contains("orted"));
    }

    /** The test's process running this program (its own, not a shell or guard naming it), wherever PATH found it. */
    private static long pidOf(String... programs) {
        for (ProcessHandle p : ProcessLeakCheck.marked()) {
            String first = p.info().commandLine().orElse("").split(" ", 2)[0];
            for (String program : programs) {
                if (first.equals(program) || first.endsWith("/" + program)) {
                    return p.pid();
                }
            }
        }
        return fail("no process " + String.join(" or ", programs) + " of this test is running");
    }

}
