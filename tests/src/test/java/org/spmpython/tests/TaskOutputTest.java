package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a task prints is shown at the hub (issue 18, item 5): on the hub's stderr as it comes,
 * each whole line prefixed with its spoke, for spoke processes and threads alike; 200,000 lines
 * neither stop the task nor go missing; {@code --quiet-tasks} keeps them out of sight.
 */
@ExtendWith(ProcessLeakCheck.class)
class TaskOutputTest {
    private static final Pattern FLOOD = Pattern.compile("\\(spoke (\\d+)@([^)]+)\\) flood line (\\d+) of 200000");
    private static Path dir;

    @BeforeAll
    static void scripts() {
        dir = Paths.copyScripts(Paths.newScratchDir("output"), "taskmanager/faults.py");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local:1", "threads:1"})
    void everyLineATaskPrintsIsShownWholeWithItsSpoke(String spokes) {
        var r = SpmPython.with("--spokes", spokes, "-c", "import faults; faults.interp(['print', 'flood'], timeout=300,"
                + " run_timeout=400, most=1)").in(dir).timeout(Duration.ofSeconds(450)).run();
        assertEquals(0, r.exitCode(), r.stdout());
        assertTrue(r.stdout().contains("('1-flood', 'done', 'flooded')"), r.stdout());
        assertFalse(r.stdout().contains("flood line"), "task output went to the hub's stdout");
        List<String> lines = r.stderr().lines().toList();
        String spoke = null;
        int next = 0;
        for (String line : lines) {
            Matcher m = FLOOD.matcher(line);
            if (m.matches()) {
                assertEquals(next, Integer.parseInt(m.group(3)), "out of order or cut: " + line);
                spoke = spoke == null ? m.group(1) + "@" + m.group(2) : spoke;
                assertEquals(spoke, m.group(1) + "@" + m.group(2), line);
                next++;
            } else {
                assertFalse(line.contains("flood line"), "a cut or mixed line: " + line);
            }
        }
        assertEquals(200000, next, "flood lines shown");
        assertTrue(lines.contains("(spoke " + spoke + ") printed by a task on its spoke"), spoke);
        // Written in two pieces, shown as one line.
        assertTrue(lines.contains("(spoke " + spoke + ") and one half-line on stderr"), spoke);
    }

    private static final Pattern LISTENING = Pattern.compile(
            "tracker listening on /127\\.0\\.0\\.1:(\\d+); remote spokes: .* --secret-file (\\S+)");

    /**
     * A spoke that is none of the hub's local slots (hand-started here; SSH, Slurm and cloud
     * spokes are the same command) sends what its tasks print over its connection: the hub shows
     * it as a slot's, whole lines with the spoke's name, all 200,000 in order; the spoke's own
     * terminal shows none of it. One hub, one spoke.
     */
    @Test
    void aHandStartedSpokesTaskOutputIsShownAtTheHub() throws Exception {
        try (HubSession hub = HubSession.start("--spokes", "none", "--listen", "127.0.0.1:0")) {
            hub.awaitAnswer("print(spm.sys.tracker.listening)", a -> a.contains("--secret-file"),
                    Duration.ofSeconds(120), "listening");
            Matcher m = LISTENING.matcher(hub.stderr());
            assertTrue(m.find(), hub.stderr());
            Process spoke = SpmPython.processBuilder(List.of("spoke", "--hub", "127.0.0.1:" + m.group(1),
                    "--secret-file", m.group(2), "--server-name", "alpha")).redirectErrorStream(true).start();
            var spokeOut = new java.io.ByteArrayOutputStream();
            Thread pump = SpmPython.pump(spoke.getInputStream(), spokeOut);
            try {
                hub.awaitIdleSpokes(1);
                hub.run("import os; os.chdir(" + HubSession.quoted(dir.toString()) + "); import sys; sys.path.insert(0, '.')");
                String report = hub.run("import faults, pool; faults.interp(['print', 'flood'], timeout=300, run_timeout=400,"
                        + " most=1, on=pool.inter())", Duration.ofSeconds(450));
                assertTrue(report.contains("('1-flood', 'done', 'flooded')"), report);
                String last = "(spoke 1@alpha) and one half-line on stderr";
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (!hub.stderr().contains(last) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                List<String> lines = hub.stderr().lines().toList();
                int next = 0;
                for (String line : lines) {
                    Matcher f = FLOOD.matcher(line);
                    if (f.matches()) {
                        assertEquals("1@alpha", f.group(1) + "@" + f.group(2), line);
                        assertEquals(next, Integer.parseInt(f.group(3)), () -> "out of order, cut or dropped: " + line
                                + "\n" + lines.stream().filter(l -> l.contains("spm-python")).toList());
                        next++;
                    } else {
                        assertFalse(line.contains("flood line"), "a cut or mixed line: " + line);
                    }
                }
                assertEquals(200000, next, "flood lines shown at the hub");
                // The piped REPL's prompts go to the same stderr, without a newline: they may precede it.
                assertTrue(lines.stream().anyMatch(l -> l.endsWith("(spoke 1@alpha) printed by a task on its spoke")),
                        hub.stderr());
                assertTrue(lines.contains(last), "written in two pieces, shown as one line");
            } finally {
                spoke.destroy();
                assertTrue(spoke.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the spoke did not exit on SIGTERM");
                pump.join();
            }
            String own = spokeOut.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertFalse(own.contains("flood line") || own.contains("printed by a task"), "shown at the spoke too: " + own);
        }
    }

    /**
     * On a real terminal (script(1) gives the hub a pty, where the progress line shows), a task's
     * line never lands inside the progress line: the line is wiped first and drawn again after.
     */
    @Test
    void onATerminalATasksLinesNeverCutTheProgressLine() throws Exception {
        Path out = dir.resolve("terminal.out");
        String command = String.join(" ", Paths.launcher().toString(), "--spokes", "threads:1", "-c",
                "'import faults; faults.interp([\"trickle\"], timeout=120, most=1)'");
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null").directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectErrorStream(true);
        ProcessLeakCheck.mark(pb.environment());
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS), "did not end");
        String screen = java.nio.file.Files.readString(out);
        assertEquals(0, p.exitValue(), screen);
        assertTrue(screen.contains("('0-trickle', 'done', 'trickled')"), screen);
        assertTrue(screen.contains("\r#: done 0  failed 0  running 1"), "no progress line was shown:\n" + screen);
        int lines = 0;
        for (int at = screen.indexOf("(spoke "); at >= 0; at = screen.indexOf("(spoke ", at + 1)) {
            char before = screen.charAt(at - 1);
            assertTrue(before == '\r' || before == '\n', "a task's line inside another:\n" + screen.substring(
                    Math.max(0, at - 80), at + 30));
            lines++;
        }
        assertEquals(8, lines, screen);
        for (int i = 0; i < 8; i++) {
            assertTrue(screen.matches("(?s).*\\(spoke \\d+@[^)]+\\) trickle " + i + "\r?\n.*"), "trickle " + i + ":\n" + screen);
        }
    }

    @Test
    void quietTasksKeepsTheirOutputOutOfSight() {
        var r = SpmPython.with("--spokes", "threads:1", "--quiet-tasks", "-c", "import faults; faults.interp(['print'],"
                + " most=1)").in(dir).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("('0-print', 'done', 'printed')"), r.toString());
        assertFalse(r.stderr().contains("printed by a task"), r.toString());
    }
}
