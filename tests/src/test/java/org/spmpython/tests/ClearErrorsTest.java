package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Errors that used to mislead, said in words (issue 18, items 7, 8 and 10): what is wrong and
 * where, an exit status as python's, nothing left behind; and the small ones a new user meets.
 */
@ExtendWith(ProcessLeakCheck.class)
class ClearErrorsTest {
    private static Path dir;

    @BeforeAll
    static void scripts() {
        dir = Paths.copyScripts(Paths.newScratchDir("errors"), "taskmanager/faults.py");
    }

    @Test
    void aLostAfterTooShortForHeartbeatsIsRefused() {
        var r = SpmPython.with("--lost-after=0.1", "-c", "print('ran')").run();
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().startsWith("--lost-after takes at least 1 second"), r.toString());
        assertEquals("", r.stdout());
    }

    @Test
    void aBadSpmSpokesIsNamedAsTheVariable() {
        var r = SpmPython.with("-c", "print('ran')").env("SPM_SPOKES", "lots").run();
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().startsWith("SPM_SPOKES takes local:N"), r.toString());
        var flag = SpmPython.with("--spokes", "lots", "-c", "print('ran')").run();
        assertTrue(flag.stderr().startsWith("--spokes takes local:N"), flag.toString());
    }

    @Test
    void spokeThreadsAreBounded() {
        var r = SpmPython.with("--spokes", "threads:1000", "-c", "print('ran')").run();
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().startsWith("--spokes takes at most 128 spoke threads, not 1000"), r.toString());
    }

    @Test
    void aFolderOrZipRunsItsMainModuleOrSaysItHasNone() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("no_main"));
        var r = SpmPython.with(empty.toString()).run();
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().endsWith(": can't find '__main__' module in '" + empty + "'\n"), r.toString());
        assertFalse(r.stderr().contains("Traceback"), r.toString());
        Path app = dir.resolve("app");
        Paths.write(app, "__main__.py", "import sys\nprint('main of', sys.argv[0], sys.argv[1:])\n");
        var ran = SpmPython.with(app.toString(), "x").run();
        assertEquals("main of " + app + " ['x']\n", ran.stdout(), ran.toString());
        Path zip = dir.resolve("app.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("__main__.py"));
            z.write("print('main of the zip')\n".getBytes());
            z.closeEntry();
        }
        var zipped = SpmPython.with(zip.toString()).run();
        assertEquals("main of the zip\n", zipped.stdout(), zipped.toString());
    }

    @Test
    void aSecretFileThatIsNotThereSaysSo() {
        var r = SpmPython.with("spoke", "--hub", "127.0.0.1:9", "--secret-file", "/nonexistent/secret").run();
        assertTrue(r.exitCode() != 0, r.toString());
        assertTrue(r.stderr().contains("/nonexistent/secret: no such file"), r.toString());
    }

    @Test
    void aReturnValueOverTheMessageLimitIsTheTasksErrorAndTheSpokeStays() {
        var r = SpmPython.with("--spokes", "threads:1", "-c", "import faults; faults.interp(['big', 'who'], timeout=120,"
                + " most=1)").in(dir).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().matches("(?s).*\\('0-big', 'SPMTaskEval', \"the task's return value \\(its record, 17\\.\\d MiB\\)"
                + " exceeds the 16 MiB limit of a message to the hub; .*"), r.toString());
        assertTrue(r.stdout().contains("('1-who', 'done',"), r.toString());
        assertFalse(r.stderr().contains("lost") || r.stderr().contains("frame"), r.toString());
    }

    @Test
    void noSpokesNamesThePoolAndWhatWasThere() {
        String program = String.join("\n",
                "import faults, spm",
                "try:",
                "    faults.interp(['ok'], wait=1)",
                "except spm.exceptions.SPMNoSpokes as e:",
                "    print('raised:', e)");
        var r = SpmPython.with("--spokes", "none", "-c", program).in(dir).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("no spoke joined within 1.0 s (needed 1, had 0; the pool takes spokes of the hub's"
                + " server "), r.toString());
        assertTrue(r.stdout().contains("; the tracker had no spoke)"), r.toString());
    }

    @Test
    void aTypedefErrorShowsTheTypedefNotTheParser() {
        Path script = Paths.write(dir, "bad_typedef.py", String.join("\n",
                "pc = spm.pclosure.macro.pinterp.list.grainCoarse.policyA.defun(signature='x:y', stage1Cb=None)",
                "pc.stage0.init.main(typedef='task<list>::struct { bogus::scalar<nope> = 1; };')", ""));
        var r = SpmPython.with(script.toString()).run();
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("SPMTypedefError: typedef line 1, column 29: unknown type scalar<nope>"), r.toString());
        assertEquals(1, r.stderr().split("typedef/parser.py", -1).length - 1, r.stderr()); // the raise, no parser frames
    }

    @Test
    void bz2WorksAndAHostExceptionIsAPythonException() {
        var r = SpmPython.with("-c", String.join("\n",
                "import bz2, importlib.machinery, importlib.util",
                "data = b'spm' * 100000",
                "packed = bz2.compress(data)",
                "print(packed[:4], len(packed) < 1000, bz2.decompress(packed) == data)",
                // GraalPy's own _bz2 fails inside Java: a SystemError, caught; the session goes on.
                "graalpys = importlib.util.module_from_spec(importlib.machinery.BuiltinImporter.find_spec('_bz2'))",
                "try:",
                "    graalpys.BZ2Compressor().compress(b'x')",
                "except SystemError as e:",
                "    print('caught SystemError', 'NullPointerException' in str(e))",
                "print('still here')")).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("b'BZh9' True True\ncaught SystemError True\nstill here\n", r.stdout(), r.toString());
    }

    @Test
    void theSmallOnes() {
        var r = SpmPython.with("-c", String.join("; ",
                "import sys, zoneinfo",
                "print(sys.path.count(''), zoneinfo.TZPATH[0], zoneinfo.ZoneInfo('Europe/Paris').key)",
                "print([n for n in ('pclosure', 'pClosure', 'sys') if n in dir(spm)], 'tracker' in dir(spm.sys))")).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("1 /usr/share/zoneinfo Europe/Paris\n['pclosure', 'pClosure', 'sys'] True\n", r.stdout(), r.toString());
    }
}
