package org.spmpython.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Warm code across a cloud's sessions (docs/CLOUD.md, spm._warmcode): the Python unit tests in
 * spm-python-stdlib/src/test/python/test_warmcode.py, run by spm-python in one start. CloudTest
 * checks the same end to end, across two sessions on a cloud's spokes.
 */
@ExtendWith(ProcessLeakCheck.class)
class WarmCodeTest {
    @Test
    void pythonUnitTestsPass() {
        PythonUnitTests.assertAllPass(SpmPython.with(PythonUnitTests.script("test_warmcode.py")), 5, "the warm code unit tests");
    }
}
