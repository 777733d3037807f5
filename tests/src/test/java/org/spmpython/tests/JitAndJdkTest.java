package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Graal JIT is on, quietly: on the distribution's own runtime (launcher/src/main/dist/make-runtime),
 * or, for a distribution without one, on a JDK the launcher found by itself.
 */
@ExtendWith(ProcessLeakCheck.class)
class JitAndJdkTest {
    private static final String JDK17 = "/usr/lib/jvm/java-17-openjdk-amd64";

    @Test
    void optimizingRuntimeIsActiveOnTheOwnRuntimeAndNothingIsPrintedAboutIt() {
        // JAVA_HOME names an old JDK: the distribution's runtime does not care.
        var r = SpmPython.with("-c", "import spm; print(spm.runtime.jit, spm.runtime.engine); print(spm.runtime.java_home)")
                .env("JAVA_HOME", JDK17).run();
        assertEquals(0, r.exitCode(), r.toString());
        String[] lines = r.stdout().split("\n");
        assertTrue(lines[0].startsWith("True "), r.toString());
        assertEquals(dist().resolve("runtime").toString(), lines[1], r.toString());
        assertEquals("", r.stderr(), "nothing about the JIT, the JDK or the AOT cache may be printed");
    }

    @Test
    void withoutTheCompilerTheCheckSaysInterpreterOnly() throws Exception {
        // Proves the check above can fail: no Graal compiler, no JIT.
        Path noCompiler = distWith("lib", "modules", "python", "runtime");
        Files.createDirectory(noCompiler.resolve("compiler"));
        var r = SpmPython.with("-c", "import spm; print(spm.runtime.jit, spm.runtime.engine)")
                .env("SPM_DIST", noCompiler.toString()).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("False Interpreted\n", r.stdout(), r.toString());
    }

    @Test
    void aCacheThatDoesNotFitIsSkippedQuietly() {
        // Compressed oops off: the AOT cache, made with them on, cannot be used.
        var r = SpmPython.with("-c", "import spm; print(spm.runtime.jit)")
                .env("SPM_JAVA_OPTS", "-XX:-UseCompressedOops").run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("True\n", r.stdout(), r.toString());
        assertEquals("", r.stderr(), r.toString());
    }

    @Test
    void withoutItsOwnRuntimeFindsAJdk21OrNewerWhenJavaHomeIsOlder() throws Exception {
        var r = SpmPython.with("-c", "import spm; print(spm.runtime.jit, spm.runtime.java_home)")
                .env("SPM_DIST", distWithoutRuntime().toString()).env("JAVA_HOME", JDK17).run();
        assertEquals(0, r.exitCode(), r.toString());
        String[] words = r.stdout().trim().split(" ");
        assertEquals("True", words[0], r.toString());
        assertTrue(words[1].startsWith("/usr/lib/jvm/") && !words[1].equals(JDK17), r.toString());
        assertEquals("", r.stderr(), r.toString());
    }

    @Test
    void noSuitableJdkNamesWhatItLookedAt() throws Exception {
        Path empty = Paths.newScratchDir("no-jdks");
        Path noRuntime = distWithoutRuntime();
        for (String command : new String[] {"bin/spm-python", "bin/build", "bin/test"}) {
            ProcessBuilder pb = new ProcessBuilder(Paths.root().resolve(command).toString(), "-V")
                    .redirectErrorStream(true);
            ProcessLeakCheck.mark(pb.environment());
            pb.environment().put("JAVA_HOME", JDK17);
            pb.environment().put("SPM_DIST", noRuntime.toString());
            pb.environment().put("SPM_JVM_DIRS", empty.toString());
            pb.environment().remove("SPM_JAVA_HOME");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(1, p.waitFor(), command + ": " + out);
            assertTrue(out.contains("no JDK 21 or newer found"), command + ": " + out);
            assertTrue(out.contains(JDK17 + " (JDK 17)"), command + ": " + out);
            assertTrue(out.contains(empty.toString()), command + ": " + out);
        }
    }

    private static Path dist() {
        return Paths.root().resolve("launcher/target/dist");
    }

    /** The built distribution as a JDK that cannot link an image leaves it: no runtime, no AOT cache. */
    private static Path distWithoutRuntime() throws Exception {
        return distWith("lib", "modules", "compiler", "python");
    }

    /** A distribution made of some of the built one's parts. */
    private static Path distWith(String... parts) throws Exception {
        Path dir = Paths.newScratchDir("dist");
        for (String part : parts) {
            Files.createSymbolicLink(dir.resolve(part), dist().resolve(part));
        }
        return dir;
    }
}
