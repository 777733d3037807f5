package org.spmpython.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The package store's parts that need no second process (PEP 440 versions, probes, the store's
 * refusals and its rename between racing adds): the Python unit tests in
 * pkg-manager/src/test/python/test_pkg.py, run by spm-python in one start.
 */
@ExtendWith(ProcessLeakCheck.class)
class PkgUnitTest {
    @Test
    void pythonUnitTestsPass() {
        PythonUnitTests.assertAllPass(SpmPython.with(PythonUnitTests.script("pkg-manager", "test_pkg.py")),
                16, "the package store's unit tests");
    }
}
