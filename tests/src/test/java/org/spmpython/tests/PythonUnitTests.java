package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a file of Python unittest tests with spm-python (one start) and checks that all passed. */
final class PythonUnitTests {
    private static final Pattern RAN = Pattern.compile("^Ran (\\d+) tests? in ", Pattern.MULTILINE);

    private PythonUnitTests() {
    }

    /**
     * @param run the spm-python run of the test file
     * @param atLeast fewer tests than this means some were lost (a class renamed, a file cut short)
     * @param what names the tests in failure messages
     */
    static void assertAllPass(SpmPython run, int atLeast, String what) {
        var r = run.run();
        assertEquals(0, r.exitCode(), what + " failed:\n" + r);
        Matcher ran = RAN.matcher(r.stderr());
        assertTrue(ran.find(), "no unittest summary:\n" + r);
        int count = Integer.parseInt(ran.group(1));
        assertTrue(count >= atLeast, "ran " + count + " tests, expected at least " + atLeast + ":\n" + r);
        assertTrue(r.stderr().contains("\nOK\n"), "unittest did not report OK:\n" + r);
        assertFalse(r.stderr().contains("skipped"), "a test was skipped:\n" + r);
    }

    /** A test file of spm-python-stdlib's Python tests. */
    static String script(String name) {
        return script("spm-python-stdlib", name);
    }

    /** A test file of a module's Python tests: {@code MODULE/src/test/python/NAME}. */
    static String script(String module, String name) {
        return Paths.root().resolve(module).resolve("src/test/python").resolve(name).toString();
    }
}
