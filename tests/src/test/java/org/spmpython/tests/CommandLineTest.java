package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Python's command line, as spm-python speaks it: every form, its exit status and its output. */
@ExtendWith(ProcessLeakCheck.class)
class CommandLineTest {
    private static Path dir;

    @BeforeAll
    static void scripts() {
        dir = Paths.newScratchDir("cli");
        Paths.write(dir, "show_args.py", """
                import sys
                print("argv", sys.argv)
                print("path0", sys.path[0])
                print("name", __name__)
                """);
        Paths.write(dir, "fails.py", """
                def inner():
                    raise ValueError("boom in inner")

                inner()
                """);
        Paths.write(dir, "mymod.py", """
                import sys
                print("module argv", sys.argv[1:], __name__)
                """);
    }

    @Test
    void scriptGetsItsArgumentsAndItsFolderFirstOnSysPath() {
        var r = SpmPython.with(dir.resolve("show_args.py").toString(), "a", "b c").run();
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("argv ['" + dir.resolve("show_args.py") + "', 'a', 'b c']"), r.toString());
        assertTrue(r.stdout().contains("path0 " + dir), r.toString());
        assertTrue(r.stdout().contains("name __main__"), r.toString());
    }

    @Test
    void uncaughtExceptionPrintsTheUsersTracebackAndExitsOne() {
        var r = SpmPython.with(dir.resolve("fails.py").toString()).run();
        assertEquals(1, r.exitCode(), r.toString());
        String expected = "Traceback (most recent call last):\n"
                + "  File \"" + dir.resolve("fails.py") + "\", line 4, in <module>\n"
                + "    inner()\n"
                + "  File \"" + dir.resolve("fails.py") + "\", line 2, in inner\n"
                + "    raise ValueError(\"boom in inner\")\n"
                + "ValueError: boom in inner\n";
        assertEquals(expected, r.stderr().replaceAll("\\n\\s*\\^+\\n", "\n"), r.toString());
    }

    @Test
    void commandGetsDashCAsArgvZeroAndExitsWithSysExitCode() {
        var r = SpmPython.with("-c", "import sys; print(sys.argv); sys.exit(3)", "x", "-y").run();
        assertEquals(3, r.exitCode(), r.toString());
        assertEquals("['-c', 'x', '-y']\n", r.stdout());
    }

    @Test
    void systemExitWithAMessagePrintsItAndExitsOne() {
        var r = SpmPython.with("-c", "raise SystemExit('bye now')").run();
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("bye now\n", r.stderr());
    }

    @Test
    void attachedCommandAndCombinedFlags() {
        var r = SpmPython.with("-qucprint(6*7)").run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("42\n", r.stdout());
    }

    @Test
    void moduleRunsAsMainWithItsArguments() {
        var r = SpmPython.with("-m", "mymod", "p", "q").in(dir).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("module argv ['p', 'q'] __main__\n", r.stdout());
    }

    @Test
    void missingModuleSaysSoAndExitsOne() {
        var r = SpmPython.with("-m", "no_such_module_here").run();
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("No module named no_such_module_here"), r.toString());
    }

    @Test
    void pipedStdinRunsAsAScriptAndDashDoesToo() {
        var piped = SpmPython.with().stdin("import sys\nprint('from stdin', sys.argv)\n").run();
        assertEquals(0, piped.exitCode(), piped.toString());
        assertEquals("from stdin ['']\n", piped.stdout());
        var dash = SpmPython.with("-", "arg1").stdin("import sys\nprint(sys.argv)\nraise KeyError('k')\nprint('not reached')\n").run();
        assertEquals(1, dash.exitCode(), dash.toString());
        assertEquals("['-', 'arg1']\n", dash.stdout());
        assertTrue(dash.stderr().contains("File \"<stdin>\", line 3, in <module>"), dash.toString());
        assertTrue(dash.stderr().endsWith("KeyError: 'k'\n"), dash.toString());
    }

    @Test
    void doubleDashEndsOptions() {
        var r = SpmPython.with("--", dir.resolve("show_args.py").toString(), "-c", "--version").run();
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("'-c', '--version']"), r.toString());
    }

    @Test
    void versionAndHelp() {
        var v = SpmPython.with("-V").run();
        assertEquals(0, v.exitCode(), v.toString());
        var same = SpmPython.with("--version").run();
        assertEquals(v.stdout(), same.stdout());
        assertTrue(v.stdout().matches("spm-python \\S+ \\(GraalPy 25\\.0\\.\\d+, Python 3\\.\\d+\\.\\d+\\)\n"), v.stdout());
        // The Python version -V states (fixed at build time) is the one the interpreter runs.
        var actual = SpmPython.with("-c", "import sys; print('Python %d.%d.%d)' % sys.version_info[:3])").run();
        assertTrue(v.stdout().endsWith(actual.stdout()), v.stdout() + " vs " + actual.stdout());

        var h = SpmPython.with("--help").run();
        assertEquals(0, h.exitCode(), h.toString());
        assertTrue(h.stdout().startsWith("usage: spm-python [option] ..."), h.stdout());
        for (String option : List.of("-c cmd", "-m mod", "-i", "-u", "-V, --version", "-h, --help")) {
            assertTrue(h.stdout().contains(option), "help lacks " + option + ":\n" + h.stdout());
        }
    }

    @Test
    void unknownOptionPrintsUsageAndExitsTwo() {
        var r = SpmPython.with("-Q").run();
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().startsWith("Unknown option: -Q\nusage: spm-python"), r.toString());
        assertEquals("", r.stdout());
        var longOption = SpmPython.with("--frobnicate").run();
        assertEquals(2, longOption.exitCode(), longOption.toString());
        assertTrue(longOption.stderr().contains("--frobnicate"), longOption.toString());
    }

    @Test
    void missingScriptCannotBeOpenedAndExitsTwo() {
        var r = SpmPython.with("no_such_script.py").in(dir).run();
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("can't open file '" + dir.resolve("no_such_script.py")
                + "': [Errno 2] No such file or directory"), r.toString());
    }

    @Test
    void osExitStatusIsTheProcessStatus() {
        var r = SpmPython.with("-c", "import os; print('bye', flush=True); os._exit(7)").run();
        assertEquals(7, r.exitCode(), r.toString());
        assertEquals("bye\n", r.stdout());
    }

    @Test
    void ctrlCEndsARunningProgramWithKeyboardInterruptAnd130() throws Exception {
        Process p = SpmPython.processBuilder(List.of("-c", "print('ready', flush=True)\nwhile True: pass")).start();
        try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", CompletableFuture.supplyAsync(() -> readLine(out)).get(120, TimeUnit.SECONDS));
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "Ctrl-C did not end the program");
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(130, p.exitValue(), err);
            assertTrue(err.endsWith("KeyboardInterrupt\n"), err);
        } finally {
            ProcessLeakCheck.killTree(p.toHandle());
        }
    }

    @Test
    void unbufferedOutputArrivesWhileTheProgramRuns() throws Exception {
        String program = "import sys, time\nsys.stdout.write('early\\n')\ntime.sleep(600)";
        Process p = SpmPython.processBuilder(List.of("-u", "-c", program)).start();
        try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("early", CompletableFuture.supplyAsync(() -> readLine(out)).get(120, TimeUnit.SECONDS));
        } finally {
            ProcessLeakCheck.killTree(p.toHandle());
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
