package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Graal JIT is on, quietly, on a JDK the launcher found by itself. */
@ExtendWith(ProcessLeakCheck.class)
class JitAndJdkTest {
    private static final String JDK17 = "/usr/lib/jvm/java-17-openjdk-amd64";

    @Test
    void optimizingRuntimeIsActiveAndNothingIsPrintedAboutIt() {
        var r = SpmPython.with("-c", "import spm; print(spm.runtime.jit, spm.runtime.engine)").run();
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().startsWith("True "), r.toString());
        assertEquals("", r.stderr(), "nothing about the JIT or the JDK may be printed");
    }

    @Test
    void withoutTheCompilerTheCheckSaysInterpreterOnly() {
        // Proves the check above can fail: JVMCI off means no Graal JIT.
        var r = SpmPython.with("-c", "import spm; print(spm.runtime.jit, spm.runtime.engine)")
                .env("SPM_JAVA_OPTS", "-XX:-EnableJVMCI").run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("False Interpreted\n", r.stdout(), r.toString());
    }

    @Test
    void findsAJdk21OrNewerWhenJavaHomeIsOlder() {
        var r = SpmPython.with("-c", "import spm; print(spm.runtime.java_home)").env("JAVA_HOME", JDK17).run();
        assertEquals(0, r.exitCode(), r.toString());
        String home = r.stdout().trim();
        assertTrue(home.startsWith("/usr/lib/jvm/") && !home.equals(JDK17), home);
    }

    @Test
    void noSuitableJdkNamesWhatItLookedAt() throws Exception {
        Path empty = Paths.newScratchDir("no-jdks");
        for (String command : new String[] {"bin/spm-python", "bin/build", "bin/test"}) {
            ProcessBuilder pb = new ProcessBuilder(Paths.root().resolve(command).toString(), "-V")
                    .redirectErrorStream(true);
            ProcessLeakCheck.mark(pb.environment());
            pb.environment().put("JAVA_HOME", JDK17);
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
}
