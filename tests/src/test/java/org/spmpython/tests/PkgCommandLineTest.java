package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code spm-python -m spm.pkg}: add, list, remove, resolve; bad input gets a clear error and
 * leaves the store as it was; adds that race (several processes at once) leave a consistent
 * store with exactly one winner per version. Each test has a store of its own (SPM_PKG_ROOT).
 */
@ExtendWith(ProcessLeakCheck.class)
class PkgCommandLineTest {
    private Path dir;
    private Path store;

    @BeforeEach
    void freshStore() {
        dir = Paths.newScratchDir("pkg-cli-");
        store = dir.resolve("store");
        Paths.write(dir, "src/geo/__init__.py", "from .shapes import area\n");
        Paths.write(dir, "src/geo/shapes.py", "def area(r):\n    return 3 * r * r\n");
        Paths.write(dir, "src/units.py", "METRE = 1\n");
        Paths.write(dir, "yes.py", "def preload():\n    return True\n");
        Paths.write(dir, "no.py", "def preload():\n    return False\n");
        Paths.write(dir, "raises.py", "def preload():\n    raise OSError('no GPU here')\n");
        Paths.write(dir, "nopreload.py", "def prelaod():\n    return True\n");
    }

    private SpmPython.Result pkg(String... args) {
        List<String> command = new ArrayList<>(List.of("-m", "spm.pkg"));
        command.addAll(List.of(args));
        return SpmPython.with(command.toArray(String[]::new)).in(dir).env("SPM_PKG_ROOT", store.toString()).run();
    }

    /**
     * Runs several commands in one spm-python start (each start costs seconds): the command
     * line's main(), as `python -m spm.pkg` runs it. One line per command:
     * {@code status|repr(stdout)|last line of stderr}.
     */
    private List<String> inOneStart(List<List<String>> commands) {
        StringBuilder program = new StringBuilder("""
                import contextlib, io
                from spm.pkg.__main__ import main
                def run(*args):
                    out, err = io.StringIO(), io.StringIO()
                    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                        try:
                            status = main(list(args))
                        except SystemExit as e:
                            status = e.code
                    print('%s|%r|%s' % (status, out.getvalue(), (err.getvalue().strip().splitlines() or [''])[-1]))
                """);
        for (List<String> command : commands) {
            program.append("run(").append(String.join(", ", command.stream().map(a -> "'" + a + "'").toList()))
                    .append(")\n");
        }
        var r = SpmPython.with("-c", program.toString()).in(dir).env("SPM_PKG_ROOT", store.toString()).run();
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(commands.size(), lines.size(), r.toString());
        return lines;
    }

    @Test
    void addListResolveRemove() {
        var r = pkg("add", "src", "--name", "geo", "--version", "1.10", "--probe", "yes.py");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("added geo 1.10 (" + store.resolve("geo/1.10") + ")\n", r.stdout());
        List<String> more = inOneStart(List.of(
                List.of("add", "src", "--name", "geo", "--version", "1.9", "--probe", "no.py"),
                List.of("add", "src", "--name", "geo", "--version", "v1.2.0-beta.1", "--probe", "raises.py"),
                List.of("add", "src", "--name", "units", "--version", "2", "--probe", "yes.py"),
                List.of("list"),
                List.of("list", "units")));
        assertEquals(List.of(
                "0|'added geo 1.9 (" + store.resolve("geo/1.9") + ")\\n'|",
                "0|'added geo 1.2.0b1 (" + store.resolve("geo/1.2b1") + ")\\n'|",
                "0|'added units 2 (" + store.resolve("units/2") + ")\\n'|",
                "0|'geo 1.2.0b1\\ngeo 1.9\\ngeo 1.10\\nunits 2\\n'|",
                "0|'units 2\\n'|"), more, "PEP 440 order, normalized");
        assertTrue(Files.isRegularFile(store.resolve("geo/1.10/lib/geo/shapes.py")));
        assertTrue(Files.isRegularFile(store.resolve("units/2/lib/units.py")));

        r = pkg("resolve", "geo");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("""
                geo 1.2.0b1  preload() raised OSError: no GPU here (probe.py line 2)
                geo 1.9      preload() returned False
                geo 1.10     preload() returned True   <- loads here
                """, r.stdout());

        r = pkg("remove", "geo", "1.10.0");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("removed geo 1.10\n", r.stdout());
        r = pkg("resolve", "geo");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("""
                geo 1.2.0b1  preload() raised OSError: no GPU here (probe.py line 2)
                geo 1.9      preload() returned False
                """, r.stdout());
        assertEquals("spm-python -m spm.pkg resolve: no version of geo accepts this resource:"
                + " import geo raises SPMPackageUnresolved\n", r.stderr());
        assertEquals(List.of("geo/1.2b1", "geo/1.9", "units/2"), versionFolders());
    }

    @Test
    void badInputGetsAClearErrorAndLeavesTheStoreUnchanged() {
        assertEquals(0, pkg("add", "src", "--name", "geo", "--version", "1.0", "--probe", "yes.py").exitCode());
        List<String> before = tree();
        var r = pkg("add", "src", "--name", "geo", "--version", "2.0");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().endsWith("spm-python -m spm.pkg add: error: the following arguments are required:"
                + " --probe\n"), r.toString());
        assertEquals(before, tree());

        // The other refusals in one start (each start costs seconds): the command line's main(),
        // as `python -m spm.pkg` runs it, with its exit status and what it printed.
        record Bad(int exit, String stderr, String... args) {
        }
        String root = store.toString();
        List<Bad> cases = List.of(
                new Bad(1, "add: error: version 1.0 of geo is already in the store at " + root,
                        "add", "src", "--name", "geo", "--version", "1.0", "--probe", "yes.py"),
                new Bad(1, "add: error: version 1.0.0 of geo is already in the store (as 1.0) at " + root,
                        "add", "src", "--name", "geo", "--version", "1.0.0", "--probe", "yes.py"),
                new Bad(2, "add: error: invalid version '2.0-final': '-final' cannot follow '2.0'",
                        "add", "src", "--name", "geo", "--version", "2.0-final", "--probe", "yes.py"),
                new Bad(2, "add: error: the probe nopreload.py does not define preload() at its top level",
                        "add", "src", "--name", "geo", "--version", "2.0", "--probe", "nopreload.py"),
                new Bad(2, "add: error: the probe absent.py is not a file",
                        "add", "src", "--name", "geo", "--version", "2.0", "--probe", "absent.py"),
                new Bad(2, "add: error: src holds neither geom/ nor geom.py",
                        "add", "src", "--name", "geom", "--version", "2.0", "--probe", "yes.py"),
                new Bad(2, "add: error: 'geo.sub' is not an import name",
                        "add", "src", "--name", "geo.sub", "--version", "2.0", "--probe", "yes.py"),
                new Bad(1, "remove: error: version 3 of geo is not in the store at " + root + " (it has 1.0)",
                        "remove", "geo", "3"),
                new Bad(1, "resolve: error: no version of nothere in the store at " + root,
                        "resolve", "nothere"),
                new Bad(2, "error: argument COMMAND: invalid choice: 'install'", "install", "geo"));
        List<String> lines = inOneStart(cases.stream().map(bad -> List.of(bad.args())).toList());
        for (int i = 0; i < cases.size(); i++) {
            Bad bad = cases.get(i);
            String[] seen = lines.get(i).split("\\|", 3);
            String what = String.join(" ", bad.args()) + " gave " + lines.get(i);
            assertEquals(String.valueOf(bad.exit()), seen[0], what);
            assertEquals("''", seen[1], "nothing on stdout: " + what);
            assertTrue(seen[2].startsWith("spm-python -m spm.pkg") && seen[2].contains(bad.stderr()),
                    "expected '" + bad.stderr() + "': " + what);
        }
        assertEquals(before, tree(), "a refused command changed the store");
    }

    @Test
    void racingAddsLeaveOneWinnerPerVersion() throws Exception {
        // Five processes at once: three add geo 1.0 (spelled 1.0, 1 and 1.0.0: equal versions),
        // two add 2.0 and 3.0. Each one's copy says which process made it.
        List<List<String>> adds = new ArrayList<>();
        String[] versions = {"1.0", "1", "1.0.0", "2.0", "3.0"};
        for (int i = 0; i < versions.length; i++) {
            Paths.write(dir, "race" + i + "/geo/__init__.py", "WHO = " + i + "\n");
            Paths.write(dir, "race" + i + "/geo/more.py", "WHO = " + i + "\n");
            adds.add(List.of("add", "race" + i, "--name", "geo", "--version", versions[i], "--probe", "yes.py"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(adds.size());
        List<SpmPython.Result> results = new ArrayList<>();
        try {
            List<Future<SpmPython.Result>> running = new ArrayList<>();
            for (List<String> add : adds) {
                running.add(pool.submit(() -> pkg(add.toArray(String[]::new))));
            }
            for (Future<SpmPython.Result> f : running) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        int winner = -1;
        for (int i = 0; i < 3; i++) {
            SpmPython.Result r = results.get(i);
            if (r.exitCode() == 0) {
                assertEquals(-1, winner, "two adds of geo 1.0 succeeded:\n" + results);
                winner = i;
            } else {
                assertEquals(1, r.exitCode(), r.toString());
                assertTrue(r.stderr().contains("of geo is already in the store"), r.toString());
            }
        }
        assertTrue(winner >= 0, "no add of geo 1.0 succeeded:\n" + results);
        for (int i = 3; i < versions.length; i++) {
            assertEquals(0, results.get(i).exitCode(), results.get(i).toString());
        }
        assertEquals(List.of("geo/1", "geo/2", "geo/3"), versionFolders());
        // The winner's copy, whole: no file of a loser got in.
        for (String file : List.of("__init__.py", "more.py")) {
            assertEquals("WHO = " + winner + "\n", Files.readString(store.resolve("geo/1/lib/geo").resolve(file)));
        }
        assertEquals(versions[winner], Files.readString(store.resolve("geo/1/VERSION")).strip());
        try (Stream<Path> left = Files.list(store.resolve(".tmp"))) {
            assertEquals(List.of(), left.toList(), "staging folders left behind");
        }
        var r = pkg("list");
        assertEquals("geo " + Files.readString(store.resolve("geo/1/VERSION")).strip() + "\ngeo 2.0\ngeo 3.0\n",
                r.stdout(), r.toString());
    }

    /** NAME/KEY of every version in the store, sorted. */
    private List<String> versionFolders() {
        return tree().stream().filter(p -> p.contains("/VERSION="))
                .map(p -> p.substring(0, p.indexOf("/VERSION="))).sorted().toList();
    }

    /**
     * Every folder and file under the store, files with their contents, sorted; without the
     * staging folder .tmp/ (where adds and removes work; it holds nothing between them).
     */
    private List<String> tree() {
        if (!Files.exists(store)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(store)) {
            return all.filter(p -> !p.equals(store) && !store.relativize(p).startsWith(".tmp")).map(p -> {
                String name = store.relativize(p).toString();
                try {
                    return Files.isRegularFile(p) ? name + "=" + Files.readString(p) : name;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
