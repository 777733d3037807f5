package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
                    spm.pClosure.macro.papply.template.noSuchManager
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
                AttributeError spm.pclosure.macro.papply.template has no 'noSuchManager' (not built yet, or no such closure)
                """, r.stdout());
    }

    @Test
    void importSpmThroughAPipeAsWithPython() {
        var r = SpmPython.with().stdin("import spm; print(spm)\n").run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("<module 'spm' from '" + Paths.root().resolve("launcher/target/dist/python/spm/__init__.py") + "'>\n",
                r.stdout());
    }

    @Test
    void stateTimeoutsConstantsAndPoolsAtTheHub() {
        String program = """
                import pool
                print(spm.sys.pstat.amHub(), spm.sys.pstat.amSpoke(), spm.sys.pstat.amSelf())
                print(spm.sys.sstat.amOffline(), spm.sys.sstat.amOnline())
                t = spm.util.timeout.after(seconds = 2)
                print(t, t.seconds, t == spm.util.timeout.after(seconds = 2))
                for bad in (0, -1, 'soon', True):
                    try:
                        spm.util.timeout.after(seconds = bad)
                    except (TypeError, ValueError) as e:
                        print(type(e).__name__, e)
                print(spm.env.const.default, spm.env.const.default is spm.env.const.default)
                print(pool.intraAll(), pool.intraOnePerServer(), pool.inter(), pool.interOnePerServer())

                @spm.util.dassert(predicateCb = spm.sys.sstat.amOffline)
                @spm.util.dassert(predicateCb = spm.sys.pstat.amHub)
                def offline_hub_only():
                    return 'ran'
                print(offline_hub_only())

                @spm.util.dassert(predicateCb = spm.sys.pstat.amSpoke)
                def spoke_only():
                    return 'ran'
                try:
                    spoke_only()
                except Exception:
                    print('caught by except Exception: wrong')
                except SPMInvariantViolation as e:
                    print('SPMInvariantViolation', e)
                print(pool.inter().resolve())
                """;
        var r = SpmPython.with("-c", program).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("""
                True False True
                True False
                spm.util.timeout.after(seconds = 2) 2 True
                ValueError timeout.after(seconds=...) takes more than 0 seconds, not 0
                ValueError timeout.after(seconds=...) takes more than 0 seconds, not -1
                TypeError timeout.after(seconds=...) takes a number, not 'soon'
                TypeError timeout.after(seconds=...) takes a number, not True
                spm.env.const.default True
                pool.intraAll() pool.intraOnePerServer() pool.inter() pool.interOnePerServer()
                ran
                SPMInvariantViolation spoke_only: spm.sys.pstat.amSpoke() does not hold
                []
                """, r.stdout());
    }

    /**
     * DESIGN §1: one Python module ({@code spm/_engine.py}) owns every binding to Java; the rest of
     * spm calls it. A second module that imports the bindings fails this.
     */
    @Test
    void onlyTheEngineModuleTouchesTheJavaBindings() throws IOException {
        Pattern importsJava = Pattern.compile("^\\s*(import|from)\\s+(polyglot|java)\\b", Pattern.MULTILINE);
        List<String> reaching = new ArrayList<>();
        for (String module : List.of("spm-python-stdlib", "pkg-manager")) {
            Path python = Paths.root().resolve(module).resolve("src/main/python");
            if (!Files.isDirectory(python)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(python)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".py")).toList()) {
                    if (!f.endsWith(Path.of("spm", "_engine.py")) && importsJava.matcher(Files.readString(f)).find()) {
                        reaching.add(python.relativize(f).toString());
                    }
                }
            }
        }
        assertEquals(List.of(), reaching, "modules other than spm/_engine.py import the Java bindings");
    }
}
