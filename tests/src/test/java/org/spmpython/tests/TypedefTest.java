package org.spmpython.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The typedef language and payload handles (DESIGN §5, spm.typedef): the Python unit tests in
 * spm-python-stdlib/src/test/python/test_typedef.py, run by spm-python in one start (each start
 * costs seconds). They read the paper's typedef texts from ../shared/paper, unchanged.
 */
@ExtendWith(ProcessLeakCheck.class)
class TypedefTest {
    @Test
    void pythonUnitTestsPass() {
        PythonUnitTests.assertAllPass(SpmPython.with(PythonUnitTests.script("test_typedef.py"))
                .env("SPM_PAPER_DIR", Paths.paper().toString()), 71, "the typedef unit tests");
    }
}
