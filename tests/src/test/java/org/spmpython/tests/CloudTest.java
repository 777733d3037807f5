package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The persistent cloud (DESIGN §13, docs/CLOUD.md) as a user drives it: {@code spm-python cloud
 * start|status|stop} and sessions that borrow its warm spokes. One cloud of two spoke processes
 * serves every test (in a runtime folder of the class's own, so that no other session finds it);
 * the last test stops it mid-run, and the leak check runs after all of them.
 */
@ExtendWith(ProcessLeakCheck.AfterAllTests.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudTest {
    private static Path runtime;
    private static Path tasks;
    private static final Pattern SPOKE = Pattern.compile("spoke (\\d+) .* pid (\\d+)  (.*)");

    @BeforeAll
    static void startTheCloud() {
        runtime = Paths.newScratchDir("cloud-runtime");
        tasks = Paths.copyScripts(Paths.newScratchDir("cloud-tasks"), "cloud/cloudtasks.py");
        Paths.write(tasks, "run.py", "import sys, cloudtasks\ncloudtasks.interp(sys.argv[1:])\n");
        var r = cloud("start", "--spokes", "local:2", "--wait", "--dashboard", "127.0.0.1:0");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("spm-python cloud: started (pid "), r.toString());
        assertTrue(r.stderr().contains("stop it with: spm-python cloud stop"), r.toString());
    }

    @AfterAll
    static void stopTheCloud() {
        cloud("stop"); // if a test failed before the last one stopped it
    }

    private static SpmPython.Result cloud(String... words) {
        List<String> args = new ArrayList<>(List.of("cloud"));
        args.addAll(List.of(words));
        return SpmPython.with(args.toArray(String[]::new)).env("XDG_RUNTIME_DIR", runtime.toString()).run();
    }

    /** A session running one task per mode on borrowed spokes; -v says which cloud it uses. */
    private static SpmPython session(String... modes) {
        List<String> args = new ArrayList<>(List.of("-v", "--cloud", "auto", "run.py"));
        args.addAll(List.of(modes));
        return SpmPython.with(args.toArray(String[]::new)).in(tasks).env("XDG_RUNTIME_DIR", runtime.toString());
    }

    private static String lines(SpmPython.Result r) {
        return String.join("\n", r.stdout().lines().filter(l -> l.startsWith("('")).toList());
    }

    /** The cloud's spokes (pid to state) as {@code cloud status} lists them. */
    private static List<String[]> spokes() {
        var r = cloud("status");
        assertEquals(0, r.exitCode(), r.toString());
        List<String[]> found = new ArrayList<>();
        for (String line : r.stdout().lines().toList()) {
            Matcher m = SPOKE.matcher(line);
            if (m.matches()) {
                found.add(new String[] {m.group(2), m.group(3)});
            }
        }
        return found;
    }

    /** Waits until the cloud has {@code n} warm idle spokes; their pids. */
    private static Set<String> awaitIdle(int n, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String[]> now = List.of();
        while (System.nanoTime() < deadline) {
            now = spokes();
            Set<String> idle = new HashSet<>();
            now.stream().filter(s -> s[1].equals("warm, idle")).forEach(s -> idle.add(s[0]));
            if (idle.size() == n && now.size() == n) {
                return idle;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the cloud's spokes did not become " + n + " idle ones within " + limit + ": "
                + now.stream().map(s -> s[0] + " " + s[1]).toList());
    }

    @Test
    @Order(1)
    void aSecondStartSaysOneRunsStatusListsItsSpokesAndStopWithoutACloudIsFine() throws Exception {
        var again = cloud("start", "--spokes", "local:1");
        assertEquals(1, again.exitCode(), again.toString());
        assertTrue(again.stderr().contains("a cloud runs already"), again.toString());
        assertEquals(2, awaitIdle(2, Duration.ofSeconds(60)).size());
        var status = cloud("status");
        assertTrue(status.stdout().contains("0 sessions attached"), status.toString());
        // The cloud's live view (cloud start --dashboard) shows its spokes.
        String url = Files.readString(runtime.resolve("spm-python/cloud/dashboard-url")).trim();
        var client = java.net.http.HttpClient.newHttpClient();
        String state = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                url.replaceAll("/?(\\?.*)?$", "") + "/api/state")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        for (String[] spoke : spokes()) {
            assertTrue(state.contains("\"pid\":" + spoke[0]), "the cloud's dashboard lacks spoke " + spoke[0] + ": " + state);
        }

        Path elsewhere = Paths.newScratchDir("no-cloud");
        for (int i = 0; i < 2; i++) { // safe to repeat
            var stop = SpmPython.with("cloud", "stop").env("XDG_RUNTIME_DIR", elsewhere.toString()).run();
            assertEquals(0, stop.exitCode(), stop.toString());
            assertTrue(stop.stderr().contains("no cloud runs"), stop.toString());
        }
        var none = SpmPython.with("cloud", "status").env("XDG_RUNTIME_DIR", elsewhere.toString()).run();
        assertEquals(1, none.exitCode(), none.toString());
        assertTrue(none.stderr().contains("no cloud runs"), none.toString());
        var bad = SpmPython.with("cloud", "start", "--spokes", "lots").env("XDG_RUNTIME_DIR", elsewhere.toString()).run();
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("--spokes takes local:N"), bad.toString());
    }

    @Test
    @Order(2)
    void twoSessionsOneAfterTheOtherUseTheSameWarmSpokesAndTheSecondSeesNothingOfTheFirst() throws Exception {
        Set<String> warm = awaitIdle(2, Duration.ofSeconds(60));
        // The default (no --cloud, no --spokes, no $SPM_SPOKES) finds this user's cloud.
        var first = SpmPython.with("-v", "run.py", "taint", "taint").in(tasks).without("SPM_SPOKES")
                .env("XDG_RUNTIME_DIR", runtime.toString()).run();
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.stderr().contains("# cloud: borrowing spokes of the cloud at 127.0.0.1:"), first.toString());
        String tainted = lines(first);
        assertTrue(tainted.contains("'done', ("), first.toString());
        assertTrue(tainted.contains("['builtin', 'cwd', 'environ', 'global', 'json-attr', 'module']"), tainted);

        var second = session("look", "look").run();
        assertEquals(0, second.exitCode(), second.toString());
        String looked = lines(second);
        assertEquals(2, looked.lines().filter(l -> l.contains("'done', (") && l.endsWith(", []))")).count(),
                "the second session saw what the first left: " + looked);
        // The same processes served both: the second session booted no spoke.
        Set<String> used = new HashSet<>();
        for (String l : (tainted + "\n" + looked).lines().toList()) {
            Matcher m = Pattern.compile("'done', \\((\\d+),").matcher(l);
            if (m.find()) {
                used.add(m.group(1));
            }
        }
        assertEquals(warm, used, "tasks ran on other processes than the cloud's warm spokes");
        // What a lent spoke's task printed is shown by the session that borrowed it.
        for (String pid : used) {
            assertTrue(Pattern.compile("(?m)^\\(spoke \\d+@[^)]+\\) cloud-look-output of " + pid + "$")
                    .matcher(second.stderr()).find(), "no output line of spoke process " + pid + ": " + second);
        }
        assertEquals(warm, awaitIdle(2, Duration.ofSeconds(30)), "the spokes did not come back");
    }

    @Test
    @Order(2)
    void anUnchangedModuleKeepsItsCompiledCodeAcrossSessionsAnEditedOneIsCompiledAnew() throws Exception {
        awaitIdle(2, Duration.ofSeconds(60));
        Paths.write(tasks, "warm_same.py", "LOADS = []\n\ndef f():\n    return 'same'\n");
        Path edited = Paths.write(tasks, "warm_edited.py", "def f():\n    return 'one'\n");
        Map<String, List<String>> first = warmReports(session("warm", "warm").run());
        // The same size and modification time: only the content tells the edit.
        var mtime = Files.getLastModifiedTime(edited);
        Files.writeString(edited, "def f():\n    return 'two'\n");
        Files.setLastModifiedTime(edited, mtime);
        Map<String, List<String>> second = warmReports(session("warm", "warm").run());
        assertEquals(first.keySet(), second.keySet(), "the two sessions ran on other spokes");
        for (String pid : first.keySet()) {
            List<String> a = first.get(pid);
            List<String> b = second.get(pid);
            assertEquals(List.of("1", "'same'", "'one'"), List.of(a.get(1), a.get(2), a.get(4)), "session 1 on " + pid + ": " + a);
            assertEquals(List.of("1", "'same'", "'two'"), List.of(b.get(1), b.get(2), b.get(4)),
                    "session 2 on " + pid + " saw session 1's module or its old code: " + b);
            assertEquals(a.get(0), b.get(0), "the unchanged module's code object was not kept on spoke " + pid);
            assertNotEquals(a.get(3), b.get(3), "the edited module's old code object ran again on spoke " + pid);
        }
    }

    /** pid -> (code id, loads, value, edited code id, edited value) of each "warm" task's report. */
    private static Map<String, List<String>> warmReports(SpmPython.Result r) {
        assertEquals(0, r.exitCode(), r.toString());
        Map<String, List<String>> byPid = new HashMap<>();
        Matcher m = Pattern.compile("'done', \\((\\d+), (\\d+), (\\d+), ('\\w+'), (\\d+), ('\\w+')\\)\\)").matcher(r.stdout());
        while (m.find()) {
            byPid.put(m.group(1), List.of(m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)));
        }
        assertEquals(2, byPid.size(), "two warm tasks, one per spoke: " + r);
        return byPid;
    }

    @Test
    @Order(3)
    void twoSessionsAtOnceShareTheSpokesAndBothConclude() throws Exception {
        awaitIdle(2, Duration.ofSeconds(60));
        CompletableFuture<SpmPython.Result> a = CompletableFuture.supplyAsync(() -> session("sleep2", "sleep2").run());
        CompletableFuture<SpmPython.Result> b = CompletableFuture.supplyAsync(() -> session("sleep1", "sleep1").run());
        for (var r : List.of(a.get(180, TimeUnit.SECONDS), b.get(180, TimeUnit.SECONDS))) {
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals(2, lines(r).lines().filter(l -> l.contains("'done', ")).count(), r.toString());
        }
        awaitIdle(2, Duration.ofSeconds(30));
    }

    @Test
    @Order(4)
    void aSessionKilledWithMinus9GivesItsSpokesBackAndItsCoprocessesEnd() throws Exception {
        Set<String> warm = awaitIdle(2, Duration.ofSeconds(60));
        ProcessBuilder pb = SpmPython.processBuilder(List.of("--cloud", "auto", "run.py", "coprocess", "sleep600"))
                .directory(tasks.toFile());
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        Process session = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (ProcessLeakCheck.running("sleep 7791").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertFalse(ProcessLeakCheck.running("sleep 7791").isEmpty(), "the co-process never started");
        } finally {
            session.destroyForcibly(); // SIGKILL
            session.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), ProcessLeakCheck.awaitGone("sleep 7791", 15_000), "the task's co-process outlived its session");
        // The spokes mid-task ended with the session and were relaunched warm: two idle spokes again.
        Set<String> after = awaitIdle(2, Duration.ofSeconds(120));
        assertEquals(2, after.size());
        assertNotEquals(warm, after, "spokes whose tasks were cut short are relaunched, not reused");
    }

    @Test
    @Order(5)
    void aSpokeKilledWithMinus9IsReportedAndRelaunchedByTheCloud() throws Exception {
        Set<String> warm = awaitIdle(2, Duration.ofSeconds(120));
        var r = session("kill", "sleep1", "sleep1").run();
        assertEquals(0, r.exitCode(), r.toString());
        String reports = lines(r);
        assertTrue(reports.contains("('0-kill', 'SPMTaskDropped', "), reports);
        assertEquals(2, reports.lines().filter(l -> l.contains("'done', ")).count(), reports);
        Set<String> after = awaitIdle(2, Duration.ofSeconds(120));
        assertEquals(1, after.stream().filter(warm::contains).count(), "one spoke kept, one relaunched: " + after);
    }

    @Test
    @Order(6)
    void cloudStopMidRunReportsEveryTaskAndLeavesNothingRunning() throws Exception {
        awaitIdle(2, Duration.ofSeconds(120));
        CompletableFuture<SpmPython.Result> run = CompletableFuture.supplyAsync(() -> session("marked", "marked").run());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (running().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(2, running().size(), "the tasks did not start");
        var stop = cloud("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertTrue(stop.stderr().contains("spm-python cloud: stopped (pid "), stop.toString());
        var r = run.get(180, TimeUnit.SECONDS);
        assertEquals(2, lines(r).lines().filter(l -> l.contains("'SPMTaskDropped', ")).count(), r.toString());
        assertTrue(r.stderr().contains("the cloud at 127.0.0.1:"), r.toString());
        assertFalse(Files.exists(runtime.resolve("spm-python/cloud")), "cloud stop left its folder");
        assertEquals(List.of(), ProcessLeakCheck.awaitGone("cloud serve", 10_000));
    }

    /** The "marked" tasks running now (each leaves a file named after its spoke's pid). */
    private static List<Path> running() throws java.io.IOException {
        try (var files = Files.list(tasks)) {
            return files.filter(f -> f.getFileName().toString().startsWith("running-")).toList();
        }
    }

    @Test
    @Order(7)
    void aCloudKilledWithMinus9LeavesAFolderTheNextCommandRecognizesAndCleans() throws Exception {
        Path rt = Paths.newScratchDir("cloud-stale");
        var started = SpmPython.with("cloud", "start", "--spokes", "local:1").env("XDG_RUNTIME_DIR", rt.toString()).run();
        assertEquals(0, started.exitCode(), started.toString());
        Path folder = rt.resolve("spm-python/cloud");
        long pid = Long.parseLong(Files.readString(folder.resolve("pid")).trim());
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        ProcessLeakCheck.waitForMarkedToEnd(30_000); // its spoke dies with it (parent-death signal)
        assertTrue(Files.isRegularFile(folder.resolve("secret")), "a daemon killed with -9 leaves its folder");
        // A session under auto does not hang on it: its own spokes, said with -v.
        var s = SpmPython.with("-v", "--cloud", "auto", "-c", "print(42)").env("XDG_RUNTIME_DIR", rt.toString()).run();
        assertEquals(0, s.exitCode(), s.toString());
        assertTrue(s.stderr().contains("this user's cloud is gone; the session's own spokes"), s.toString());
        var status = SpmPython.with("cloud", "status").env("XDG_RUNTIME_DIR", rt.toString()).run();
        assertEquals(1, status.exitCode(), status.toString());
        assertTrue(status.stderr().contains("removed the folder of a cloud that is gone (pid " + pid), status.toString());
        assertFalse(Files.exists(folder));
        // A cloud named on the command line that is not there: a clear error, at once.
        Path secret = Paths.write(rt, "copied-secret", "00112233445566778899aabbccddeeff\n");
        var named = SpmPython.with("--cloud", "127.0.0.1:1", "--secret-file", secret.toString(), "-c", "print(42)").env("XDG_RUNTIME_DIR", rt.toString()).run();
        assertEquals(2, named.exitCode(), named.toString());
        assertTrue(named.stderr().contains("--cloud 127.0.0.1:1: cannot reach the cloud at 127.0.0.1:1"), named.toString());
    }
}
