package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The typedef language and payload handles (DESIGN §5, spm.typedef): the Python unit tests in
 * spm-python-stdlib/src/test/python/test_typedef.py, run by spm-python in one start (each start
 * costs seconds). They read the paper's typedef texts from ../shared/paper, unchanged.
 */
@ExtendWith(ProcessLeakCheck.class)
class TypedefTest {
    /** Fewer tests than this means some were lost (a class renamed, a file cut short). */
    private static final int AT_LEAST = 70;
    private static final Pattern RAN = Pattern.compile("^Ran (\\d+) tests? in ", Pattern.MULTILINE);

    @Test
    void pythonUnitTestsPass() {
        String script = Paths.root().resolve("spm-python-stdlib/src/test/python/test_typedef.py").toString();
        var r = SpmPython.with(script).env("SPM_PAPER_DIR", Paths.paper().toString()).run();
        assertEquals(0, r.exitCode(), "the typedef unit tests failed:\n" + r);
        Matcher ran = RAN.matcher(r.stderr());
        assertTrue(ran.find(), "no unittest summary:\n" + r);
        int count = Integer.parseInt(ran.group(1));
        assertTrue(count >= AT_LEAST, "ran " + count + " tests, expected at least " + AT_LEAST + ":\n" + r);
        assertTrue(r.stderr().contains("\nOK\n"), "unittest did not report OK:\n" + r);
        assertFalse(r.stderr().contains("skipped"), "a test was skipped:\n" + r);
    }
}
