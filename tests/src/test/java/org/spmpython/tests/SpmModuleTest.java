package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code spm} and its exceptions are there without an import, with DESIGN §3/§6's hierarchy. */
@ExtendWith(ProcessLeakCheck.class)
class SpmModuleTest {
    @Test
    void spmAndItsExceptionsAreBuiltinsWithTheDesignedHierarchy() {
        String program = """
                import builtins, spm as imported
                print(spm is imported, builtins.spm is imported)
                names = ['SPMException', 'SPMTaskException', 'SPMTaskDropped', 'SPMTaskLoad',
                         'SPMTaskEval', 'SPMInvariantViolation']
                print(all(getattr(builtins, n) is getattr(spm, n) for n in names))
                print(SPMException.__mro__[1].__name__, SPMTaskException.__mro__[1].__name__)
                print([c.__mro__[1].__name__ for c in (SPMTaskDropped, SPMTaskLoad, SPMTaskEval)])
                print(SPMInvariantViolation.__mro__[1].__name__, issubclass(SPMInvariantViolation, Exception))
                # A task exception's only argument is the task handle.
                try:
                    raise SPMTaskDropped('the-handle')
                except SPMTaskException as e:
                    (hdl,) = e.args
                    print(hdl, e.hdl)
                # What is not built yet is absent, not a stub.
                try:
                    spm.pclosure
                except AttributeError as e:
                    print('AttributeError', e)
                """;
        var r = SpmPython.with("-c", program).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("""
                True True
                True
                Exception SPMException
                ['SPMTaskException', 'SPMTaskException', 'SPMTaskException']
                BaseException False
                the-handle the-handle
                AttributeError module 'spm' has no attribute 'pclosure'
                """, r.stdout());
    }

    @Test
    void importSpmThroughAPipeAsWithPython() {
        var r = SpmPython.with().stdin("import spm; print(spm)\n").run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("<module 'spm' from '" + Paths.root().resolve("launcher/target/dist/python/spm/__init__.py") + "'>\n",
                r.stdout());
    }
}
