package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Imports through {@code -/@-/pkg.builtin/} (DESIGN §9): PEP 440 order, the first accepting probe
 * wins, a raising probe counts as no, one version per session and no probe twice, packages and
 * single-file modules as normal imports (submodules, __file__, relative imports, reload), names not
 * in the store resolved by the entries after it, the entry followed where it is moved; no
 * accepting probe raises SPMPackageUnresolved, which the launcher reports even when the program
 * catches it. One store for the class (SPM_PKG_ROOT), built by one spm-python start.
 */
@ExtendWith(ProcessLeakCheck.class)
class PkgImportTest {
    private static Path dir;
    private static Path store;
    private static Path probeLog;

    /** A probe that notes its call in PROBE_LOG, then runs {@code body}. */
    private static void probe(String name, String body) {
        Paths.write(dir, "probes/" + name + ".py", """
                import os
                def preload():
                    with open(os.environ['PROBE_LOG'], 'a') as log:
                        log.write('%s\\n')
                %s
                """.formatted(name, body.indent(4).stripTrailing()));
    }

    @BeforeAll
    static void buildTheStore() {
        dir = Paths.newScratchDir("pkg-import-");
        store = dir.resolve("store");
        for (String v : new String[] {"1.2", "1.9rc1", "1.9", "1.10"}) {
            Paths.write(dir, "src/geo-" + v + "/geo/__init__.py", "from .shapes import area\nWHICH = '" + v + "'\n");
            Paths.write(dir, "src/geo-" + v + "/geo/shapes.py", "from . import units\ndef area(r):\n    return units.K * r * r\n");
            Paths.write(dir, "src/geo-" + v + "/geo/units.py", "K = 3\n");
        }
        Paths.write(dir, "src/units-2/units.py", "METRE = 1\n");
        Paths.write(dir, "src/dual-1/dual.py", "WHERE = 'store'\n");
        Paths.write(dir, "src/onlystore-1/onlystore.py", "\n");
        Paths.write(dir, "plain/dual.py", "WHERE = 'plain folder'\n");
        Paths.write(dir, "after/afterstore.py", "WHERE = 'after the entry'\n");
        for (String v : new String[] {"0.1", "0.2", "0.3", "0.4", "0.10"}) {
            Paths.write(dir, "src/gpu-" + v + "/gpu/__init__.py", "\n");
        }
        probe("geo-1.2", "raise OSError('driver too old')");
        probe("geo-1.9rc1", "return False");
        probe("geo-1.9", "return True");
        probe("geo-1.10", "return True");
        probe("yes", "return True");
        probe("gpu-0.1", "return False");
        probe("gpu-0.2", "raise RuntimeError('no CUDA driver')");
        probe("gpu-0.3", "return 12040");
        probe("gpu-0.4", "return None");
        probe("gpu-0.10", "return spm.sys.native.cuda_driver_version() == -1");
        String build = """
                import os
                from spm.pkg.store import Store
                store = Store()
                adds = [('geo', v, 'geo-' + v) for v in ('1.10', '1.9', '1.9rc1', '1.2')]
                adds += [('units', '2', 'yes'), ('dual', '1', 'yes'), ('onlystore', '1', 'yes')]
                adds += [('gpu', v, 'gpu-' + v) for v in ('0.10', '0.4', '0.3', '0.2', '0.1')]
                for name, version, probe in adds:
                    store.add('src/%s-%s' % (name, version), name, version, 'probes/%s.py' % probe)
                # A probe file broken after it was added: it no longer defines preload().
                with open(store.find('gpu', '0.4').probe, 'w') as f:
                    f.write('import os\\n')
                print(len(adds))
                """;
        var r = run(SpmPython.with("-c", build));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("12\n", r.stdout());
        probeLog = dir.resolve("probe.log");
    }

    private static SpmPython.Result run(SpmPython spm) {
        return spm.in(dir).env("SPM_PKG_ROOT", store.toString()).env("PROBE_LOG", dir.resolve("probe.log").toString()).run();
    }

    @Test
    void resolutionFollowsTheProbesOncePerSession() {
        String program = """
                import importlib, os, sys
                ENTRY = spm.pkg.ENTRY
                def probed():
                    return open(os.environ['PROBE_LOG']).read().split()
                open(os.environ['PROBE_LOG'], 'w').close()
                print(sys.path[-1] == ENTRY, sys.path.count(ENTRY))

                # Oldest first: 1.2 raises, 1.9rc1 says no, 1.9 accepts; 1.10 is never asked.
                import geo
                print('geo', geo.WHICH, geo.area(2), probed())
                print(geo.__file__ == os.path.join(os.environ['SPM_PKG_ROOT'], 'geo', '1.9', 'lib', 'geo', '__init__.py'))
                from geo import shapes, units
                print(shapes.__name__, os.path.relpath(shapes.__file__, os.environ['SPM_PKG_ROOT']), units.K)
                print(geo.__spec__.submodule_search_locations == [os.path.dirname(geo.__file__)])

                # Never twice: reload, re-import after deleting it, and a fresh import elsewhere.
                importlib.reload(geo)
                for name in [n for n in sys.modules if n == 'geo' or n.startswith('geo.')]:
                    del sys.modules[name]
                import geo
                print('again', geo.WHICH, probed())

                import units
                print('units', units.METRE, os.path.relpath(units.__file__, os.environ['SPM_PKG_ROOT']))
                print(spm.pkg.resolutions())

                # A name not in the store: the entries after it go on.
                sys.path.append(os.path.abspath('after'))
                import afterstore
                print(afterstore.WHERE)
                try:
                    import no_such_module_anywhere
                except ModuleNotFoundError as e:
                    print('ModuleNotFoundError', e)

                # A folder before the entry wins, and the store is not asked.
                sys.path.insert(0, os.path.abspath('plain'))
                import dual
                print('dual from', dual.WHERE, probed().count('yes'))

                # The entry moved before that folder: the store answers now.
                del sys.modules['dual']
                sys.path.remove(ENTRY)
                sys.path.insert(0, ENTRY)
                import dual
                print('dual from', dual.WHERE, probed().count('yes'))

                # The entry removed: the store is not asked at all.
                sys.path.remove(ENTRY)
                try:
                    import onlystore
                except ModuleNotFoundError as e:
                    print('ModuleNotFoundError', e)
                print(sorted(spm.pkg.resolutions().items()))
                """;
        var r = run(SpmPython.with("-c", program));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("""
                True 1
                geo 1.9 12 ['geo-1.2', 'geo-1.9rc1', 'geo-1.9']
                True
                geo.shapes geo/1.9/lib/geo/shapes.py 3
                True
                again 1.9 ['geo-1.2', 'geo-1.9rc1', 'geo-1.9']
                units 1 units/2/lib/units.py
                {'geo': '1.9', 'units': '2'}
                after the entry
                ModuleNotFoundError No module named 'no_such_module_anywhere'
                dual from plain folder 1
                dual from store 2
                ModuleNotFoundError No module named 'onlystore'
                [('dual', '1'), ('geo', '1.9'), ('units', '2')]
                """, r.stdout());
        assertEquals("", r.stderr());
    }

    private static final String LISTING = """
            no version of package 'gpu' in the store at %s accepts this resource:
              0.1: preload() returned False
              0.2: preload() raised RuntimeError: no CUDA driver (probe.py line 5)
              0.3: preload() returned 12040 (not True: counts as no)
              0.4: probe.py defines no preload()
              0.10: preload() returned False
            """;

    @Test
    void noAcceptingProbeIsReportedEvenWhenCaught() {
        Path script = Paths.write(dir, "swallow.py", """
                import os, sys
                open(os.environ['PROBE_LOG'], 'w').close()
                print(sys.path.index(spm.pkg.ENTRY), sys.path[0] == os.path.dirname(os.path.abspath(__file__)))
                try:
                    try:
                        import gpu
                    except Exception:
                        print('caught by except Exception')
                except spm.SPMPackageUnresolved as e:
                    print(type(e).__name__, isinstance(e, SPMInvariantViolation), isinstance(e, ImportError))
                    print(e.name, [v for v, _ in e.outcomes])
                    first = str(e)
                try:
                    import gpu
                except SPMInvariantViolation as e:
                    print('again, same message:', str(e) == first)
                print(open(os.environ['PROBE_LOG']).read().split())
                print(spm.pkg.resolutions())
                print('the end')
                """);
        var r = run(SpmPython.with(script.toString()).env("SPM_PKG_PATH_INDEX", "0"));
        assertEquals(1, r.exitCode(), "a caught SPMPackageUnresolved still fails the program\n" + r);
        assertEquals("""
                1 True
                SPMPackageUnresolved True False
                gpu ['0.1', '0.2', '0.3', '0.4', '0.10']
                again, same message: True
                ['gpu-0.1', 'gpu-0.2', 'gpu-0.3', 'gpu-0.10']
                {}
                the end
                """, r.stdout());
        String listing = LISTING.formatted(store).stripTrailing();
        assertEquals("""
                spm-python: the program caught SPMPackageUnresolved, which does not undo it:
                Traceback (most recent call last):
                  File "%s", line 6, in <module>
                    import gpu
                spm.exceptions.SPMPackageUnresolved: %s
                spm-python: ... and 1 more SPMInvariantViolation(s) caught
                """.formatted(script, listing), r.stderr());
    }

    @Test
    void theReplShowsItAfterTheStatementAndGoesOn() {
        String statements = """
                import gpu
                try:
                    import gpu
                except BaseException:
                    print('swallowed')

                print('alive', sys.path[-1] == spm.pkg.ENTRY)
                """;
        var r = run(SpmPython.with("-i", "-q", "-c", "import sys").stdin(statements).env("SPM_PKG_PATH_INDEX", "last"));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("swallowed\nalive True\n", r.stdout());
        String err = r.stderr();
        String listing = LISTING.formatted(store).stripTrailing();
        assertTrue(err.startsWith("spm-python: SPM_PKG_PATH_INDEX='last' is not an integer: the package store's"
                + " entry -/@-/pkg.builtin/ goes at the end of sys.path\n"), err);
        assertTrue(err.contains("""
                Traceback (most recent call last):
                  File "<stdin>", line 1, in <module>
                spm.exceptions.SPMPackageUnresolved: %s
                """.formatted(listing)), "the uncaught one, without the hook's frames:\n" + err);
        assertTrue(err.contains("""
                spm-python: the program caught SPMPackageUnresolved, which does not undo it:
                Traceback (most recent call last):
                  File "<stdin>", line 2, in <module>
                spm.exceptions.SPMPackageUnresolved: %s
                """.formatted(listing)), "the caught one, after its statement:\n" + err);
        assertFalse(err.contains("hook.py"), err);
    }
}
