package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CPython 3.12's command line and the standard library that relies on it (issue 18, item 4):
 * every option accepted; sys.flags, sys.warnoptions and sys._xoptions the same as the machine's
 * own CPython says for the same options; multiprocessing (spawn, GraalPy's method) and
 * ProcessPoolExecutor from a script and from a spoke's task; a venv with the bundled pip that
 * installs a local wheel offline.
 */
@ExtendWith(ProcessLeakCheck.class)
class CPythonCommandLineTest {
    private static final String SHOW = "import sys; print(sys.flags); print(sys.warnoptions); print(sys._xoptions)";
    private static final Duration SLOW = Duration.ofSeconds(600);
    private static Path dir;

    @BeforeAll
    static void scripts() {
        dir = Paths.copyScripts(Paths.newScratchDir("cpython"), "taskmanager/faults.py");
    }

    /** What the machine's CPython prints for the same arguments (its 3.11 has 3.12's sys.flags fields). */
    private static String cpython(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static SpmPython.Result spm(List<String> args) {
        return SpmPython.with(args.toArray(String[]::new)).env("LC_ALL", "C.UTF-8").in(dir).run();
    }

    @Test
    void sysFlagsWarnOptionsAndXOptionsAreCPythonsForTheSameOptions() throws Exception {
        List<List<String>> cases = List.of(
                List.of("-E"),
                List.of("-E", "-O"),
                List.of("-I", "-OO", "-b", "-d", "-d", "-s", "-S", "-P", "-R", "-q", "-B"),
                List.of("-E", "-bb", "-W", "error", "-Wignore::DeprecationWarning", "-X", "dev", "-X",
                        "int_max_str_digits=1000", "-Xwarn_default_encoding", "-X", "utf8"));
        for (List<String> options : cases) {
            List<String> args = new ArrayList<>(options);
            args.addAll(List.of("-c", SHOW));
            var r = spm(args);
            assertEquals(0, r.exitCode(), options + "\n" + r);
            assertEquals(cpython(args), r.stdout(), options + "\n" + r);
        }
    }

    @Test
    void environmentVariablesAddToTheFlagsUnlessMinusE() throws Exception {
        var r = SpmPython.with("-O", "-c", "import sys; print(sys.flags.optimize, sys.flags.dont_write_bytecode,"
                        + " sys.warnoptions); assert False, 'asserts are off under -O'; print('no assert')")
                .env("PYTHONOPTIMIZE", "1").env("PYTHONDONTWRITEBYTECODE", "1").env("PYTHONWARNINGS", "ignore")
                .run();
        assertEquals("2 1 ['ignore']\nno assert\n", r.stdout(), r.toString());
        var ignored = SpmPython.with("-E", "-c", "import sys; print(sys.flags.optimize, sys.warnoptions)")
                .env("PYTHONOPTIMIZE", "1").env("PYTHONWARNINGS", "ignore").run();
        assertEquals("0 []\n", ignored.stdout(), ignored.toString());
    }

    /**
     * Every option accepted; '' heads sys.path once, or not at all under -I and -P. The options
     * that leave sys.path's head alone go in one session (a refused one fails it, named in the
     * error), -I and -P in one each: three JVM boots, not eighteen (measured on a loaded machine:
     * 554 s for the eighteen, one at a time).
     */
    @Test
    void everyOptionIsAcceptedAndSysPathHasOneEmptyEntryAtMost() {
        List<List<String>> sessions = List.of(
                // -O with -OO is optimize 3 in sys.flags, as in CPython; its compile() takes it as 2
                List.of("-b", "-bb", "-B", "-d", "-E", "-O", "-OO", "-q", "-R", "-s", "-S", "-u", "-x", "-Wdefault",
                        "-Xfrozen_modules=off", "--check-hash-based-pycs=never"),
                List.of("-I"),
                List.of("-P"));
        for (List<String> options : sessions) {
            List<String> args = new ArrayList<>(options);
            args.addAll(List.of("-c", "import sys; print(sys.path[:2])"));
            var r = SpmPython.with(args.toArray(String[]::new)).run();
            assertEquals(0, r.exitCode(), options + "\n" + r);
            boolean safe = options.contains("-I") || options.contains("-P");
            assertTrue(r.stdout().startsWith(safe ? "['/" : "['', '/"), options + "\n" + r);
        }
        var bad = SpmPython.with("-X", "int_max_str_digits=5", "-c", "pass").run();
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("int_max_str_digits: invalid limit; must be >= 640"), bad.toString());
    }

    @Test
    void minusXSkipsTheFirstLineAndKeepsLineNumbers() {
        Path script = Paths.write(dir, "dosform.py", "@echo off & spm-python -x %0 & exit\nprint('ran')\n1/0\n");
        var r = SpmPython.with("-x", script.toString()).run();
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("ran\n", r.stdout());
        assertTrue(r.stderr().contains("line 3, in <module>"), r.toString());
        assertTrue(r.stderr().contains("ZeroDivisionError"), r.toString());
    }

    /** Printed between the shared session's parts (see {@link #scriptSession}). */
    private static final String PART = "--- part ";
    private static SpmPython.Result scripts;
    private static AssertionError scriptsFailed;

    /**
     * One session for the two multiprocessing-from-a-script tests (a JVM boot less): spawn's Pool
     * and ProcessPoolExecutor, then GraalPy's own method. Each test checks its part of what was
     * printed; a session that failed fails both, and is not run twice.
     */
    private static synchronized SpmPython.Result scriptSession() {
        if (scripts == null && scriptsFailed == null) {
            Path script = Paths.write(dir, "mp_script.py", """
                    import concurrent.futures, multiprocessing, sys
                    def square(x):
                        return x * x
                    if __name__ == "__main__":
                        print("--- part spawn")
                        print("flags", sys.flags.debug, multiprocessing.get_start_method())
                        with multiprocessing.Pool(2) as p:
                            print("pool", p.map(abs, [-1, -2, 3]))
                        with concurrent.futures.ProcessPoolExecutor(2) as ex:
                            print("executor", list(ex.map(square, [1, 2, 3])))
                        print("--- part graalpy", flush=True)
                        multiprocessing.set_start_method("graalpy", force=True)
                        for i in range(5):
                            with multiprocessing.Pool(2) as p:
                                print("pool", i, p.map(abs, [-1, -2, 3]), flush=True)
                        with concurrent.futures.ProcessPoolExecutor(2) as ex:
                            print("executor", list(ex.map(square, [1, 2, 3])))
                    """);
            // A hang is what the graalpy part is about: 10 min is more than twice what both
            // parts took at load average 20 on 2 cores (220 s).
            try {
                scripts = SpmPython.with("--spokes", "none", script.toString()).timeout(SLOW).run();
            } catch (AssertionError e) {
                scriptsFailed = e;
            }
        }
        if (scriptsFailed != null) {
            throw scriptsFailed;
        }
        return scripts;
    }

    /** What the shared session printed in its part {@code name} (up to the next part). */
    private static String part(SpmPython.Result r, String name) {
        String out = r.stdout();
        int from = out.indexOf(PART + name + "\n");
        assertTrue(from >= 0, "no part " + name + ":\n" + r);
        from += (PART + name + "\n").length();
        int to = out.indexOf(PART, from);
        return out.substring(from, to < 0 ? out.length() : to);
    }

    @Test
    void multiprocessingSpawnPoolAndProcessPoolExecutorWorkFromAScript() {
        var r = scriptSession();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("flags 0 spawn\npool [1, 2, 3]\nexecutor [1, 4, 9]\n", part(r, "spawn"), r.toString());
        assertTrue(!r.stderr().contains("Unknown option"), r.toString());
    }

    /**
     * GraalPy's own method from a script, five times over: Pool's terminate() at the end of its
     * `with` used to hang about one run in three (a worker still booting missed GraalPy's cancel
     * and waited for ever on the queue's lock; spm/compat/_mp_pool.py). One session runs the
     * five pools, each of two workers, so that every boot race is had again at little cost.
     */
    @Test
    void multiprocessingWithGraalPysOwnMethodEndsFromAScript() {
        var r = scriptSession();
        assertEquals(0, r.exitCode(), r.toString());
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            expected.append("pool ").append(i).append(" [1, 2, 3]\n");
        }
        assertEquals(expected + "executor [1, 4, 9]\n", part(r, "graalpy"), r.toString());
    }

    @Test
    void multiprocessingWorksFromASpokesTask() {
        var r = SpmPython.with("--spokes", "local:1", "-c", "import faults; faults.interp(['mp-spawn', 'mp-graalpy'],"
                + " timeout=500, run_timeout=550, most=1)").in(dir).timeout(SLOW).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("('0-mp-spawn', 'done', 'spawn [1, 2] [4, 9]')"), r.toString());
        assertTrue(r.stdout().contains("('1-mp-graalpy', 'done', 'graalpy [1, 2] [4, 9]')"), r.toString());
    }

    @Test
    void venvWithTheBundledPipInstallsALocalWheelOffline() throws Exception {
        Path venv = dir.resolve("venv");
        var made = SpmPython.with("-m", "venv", venv.toString()).timeout(SLOW).run();
        assertEquals(0, made.exitCode(), made.toString());
        Path python = venv.resolve("bin/python");
        assertTrue(Files.isExecutable(python), made.toString());
        Path wheel = pureWheel(dir.resolve("hello_spm-1.0-py3-none-any.whl"));
        var installed = run(List.of(python.toString(), "-m", "pip", "install", "--no-index",
                "--disable-pip-version-check", wheel.toString()));
        assertEquals(0, installed.exitCode(), installed.toString());
        assertTrue(installed.stdout().contains("Successfully installed hello-spm-1.0"), installed.toString());
        var used = run(List.of(python.toString(), "-c",
                "import sys, hello_spm; print(hello_spm.GREETING, sys.prefix, sys.executable,"
                        + " hello_spm.__file__.startswith(sys.prefix))"));
        assertEquals("hello from a wheel " + venv + " " + python + " True\n", used.stdout(), used.toString());
        // The base spm-python does not see the venv's packages.
        var base = SpmPython.with("-c", "import hello_spm").run();
        assertTrue(base.stderr().contains("No module named 'hello_spm'"), base.toString());
    }

    /** A pure-Python wheel, zipped by hand: a package and its dist-info. */
    private static Path pureWheel(Path file) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            entry(zip, "hello_spm/__init__.py", "GREETING = 'hello from a wheel'\n");
            entry(zip, "hello_spm-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: hello-spm\nVersion: 1.0\n");
            entry(zip, "hello_spm-1.0.dist-info/WHEEL",
                    "Wheel-Version: 1.0\nGenerator: by-hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
            entry(zip, "hello_spm-1.0.dist-info/RECORD", "hello_spm/__init__.py,,\nhello_spm-1.0.dist-info/METADATA,,\n"
                    + "hello_spm-1.0.dist-info/WHEEL,,\nhello_spm-1.0.dist-info/RECORD,,\n");
        }
        return file;
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** A venv's own python (a link to spm-python), run as a user would, marked for the leak check. */
    private static SpmPython.Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        ProcessLeakCheck.mark(pb.environment());
        pb.environment().put("SPM_SPOKES", "none");
        Process p = pb.start();
        p.getOutputStream().close();
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        Thread o = SpmPython.pump(p.getInputStream(), out);
        Thread e = SpmPython.pump(p.getErrorStream(), err);
        if (!p.waitFor(SLOW.toSeconds(), TimeUnit.SECONDS)) {
            ProcessLeakCheck.killTree(p.toHandle());
            throw new AssertionError(command + " did not finish\n" + out + err);
        }
        o.join();
        e.join();
        return new SpmPython.Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
