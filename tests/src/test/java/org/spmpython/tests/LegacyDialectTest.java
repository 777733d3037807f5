package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The legacy dialect (issue 3, DESIGN §8): Python 2-era modules run unchanged with their Python 2
 * meaning, Python 3 modules keep theirs. The corpus (resources legacy/corpus: a program, the stdout
 * Python 2.7 prints for it, and its stdin if it reads any) runs in one spm-python process; each
 * program is its own test. Every start costs seconds, so the other checks share runs where they can.
 *
 * <p>All runs use one XDG_CACHE_HOME under tests/target: the translation cache lives there, never in
 * the user's home, and GraalPy unpacks its Python home there once (a new folder per run would pay
 * that every time). Nothing in it is deleted, so runs may overlap; a translation is cached until
 * the translator changes (the cache key includes it), and the test that needs a cold translation
 * uses source the cache cannot hold yet.
 */
@ExtendWith(ProcessLeakCheck.class)
class LegacyDialectTest {
    private static final Pattern SEPARATOR = Pattern.compile("^=== (\\S+)\n", Pattern.MULTILINE);

    private static Path resources;
    private static Path xdgCache;
    private static Path dir;

    @BeforeAll
    static void folders() throws URISyntaxException {
        resources = Path.of(LegacyDialectTest.class.getResource("/legacy").toURI());
        xdgCache = Paths.scratch().resolve("legacy-xdg-cache");
        dir = Paths.newScratchDir("legacy");
    }

    private static SpmPython spm(String... args) {
        return SpmPython.with(args).env("XDG_CACHE_HOME", xdgCache.toString());
    }

    private static Path translationCache() {
        return xdgCache.resolve("spm-python/legacy");
    }

    // --- The corpus -------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> corpusPrintsWhatPython27Prints() throws IOException {
        Path corpus = resources.resolve("corpus");
        List<String> programs;
        try (Stream<Path> files = Files.list(corpus)) {
            programs = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".py"))
                    .map(n -> n.substring(0, n.length() - 3))
                    .sorted()
                    .toList();
        }
        assertTrue(programs.size() >= 40, "the corpus has " + programs.size() + " programs");
        StringBuilder stdin = new StringBuilder();
        for (String program : programs) {
            Path input = corpus.resolve(program + ".in");
            if (Files.exists(input)) {
                stdin.append(Files.readString(input));
            }
        }
        List<String> args = new ArrayList<>(List.of(resources.resolve("run_corpus.py").toString()));
        args.addAll(programs);
        var run = spm(args.toArray(String[]::new)).stdin(stdin.toString()).run();
        Map<String, String> outputs = splitBySeparators(run.stdout());

        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("the corpus run", () -> {
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("", run.stderr(), run.toString());
            assertEquals("", outputs.get("end"), run.toString());
        }));
        for (String program : programs) {
            tests.add(DynamicTest.dynamicTest(program, () -> assertEquals(
                    Files.readString(corpus.resolve(program + ".out")), outputs.get(program),
                    program + ".py printed otherwise than Python 2.7")));
        }
        return tests.stream();
    }

    private static Map<String, String> splitBySeparators(String stdout) {
        Map<String, String> outputs = new LinkedHashMap<>();
        Matcher m = SEPARATOR.matcher(stdout);
        String name = null;
        int start = 0;
        while (m.find()) {
            if (name != null) {
                outputs.put(name, stdout.substring(start, m.start()));
            }
            name = m.group(1);
            start = m.end();
        }
        if (name != null) {
            outputs.put(name, stdout.substring(start));
        }
        return outputs;
    }

    // --- Python 3 and legacy modules together, tracebacks, -v ------------------------------------

    private static SpmPython.Result mixedRun;

    /**
     * One run: a Python 3 script divides, imports a legacy module (text translation) that imports
     * another (whose lines moved in translation: tuple parameters, an except binding before a
     * compound statement), and the latter raises from inside a handler, across lines.
     */
    private static synchronized SpmPython.Result mixedRun() {
        if (mixedRun == null) {
            Path folder = Paths.newScratchDir("mixed");
            Paths.write(folder, "main3.py", """
                    print("python 3:", 7 / 2)
                    import legacy_a
                    print("python 3 again:", 1 / 2, legacy_a.half(7))
                    legacy_a.go()
                    """);
            Paths.write(folder, "legacy_a.py", """
                    import legacy_b
                    print "legacy_a:", 7 / 2, \\
                          -7 / 2
                    def half(n):
                        return n / 2
                    def go():
                        legacy_b.crash(4)
                    """);
            Paths.write(folder, "legacy_b.py", """
                    def scale((a, b)):
                        return a * b

                    def crash(n):
                        try:
                            raise KeyError, n
                        except KeyError, e:
                            if e:
                                total = scale((n, 2))
                            return (total
                                    / 0)
                    """);
            mixedRun = spm("-v", folder.resolve("main3.py").toString()).in(folder).run();
            mixedRun = new SpmPython.Result(mixedRun.exitCode(), mixedRun.stdout(),
                    mixedRun.stderr().replace(folder + "/", "<dir>/"));
        }
        return mixedRun;
    }

    @Test
    void pythonThreeModulesKeepTrueDivisionBesideLegacyOnes() {
        var r = mixedRun();
        assertEquals("python 3: 3.5\nlegacy_a: 3 -4\npython 3 again: 0.5 3\n", r.stdout(), r.toString());
    }

    @Test
    void verboseNamesEachTranslatedModuleOnceAndNoPythonThreeOne() {
        var r = mixedRun();
        // " (cached)" when an earlier run translated the same source (see the cache test).
        List<String> legacyLines = r.stderr().lines().filter(l -> l.startsWith("# legacy:"))
                .map(l -> l.replace(" (cached)", "")).toList();
        // A module is translated when it is compiled, before it runs (and imports the next).
        assertEquals(List.of("# legacy: translated <dir>/legacy_a.py", "# legacy: translated <dir>/legacy_b.py"),
                legacyLines, r.toString());
    }

    @Test
    void tracebacksNameTheOriginalFilesAndLines() {
        var r = mixedRun();
        assertEquals(1, r.exitCode(), r.toString());
        // Python 2 had no exception chaining: the KeyError being handled is not shown. The
        // runtime's div() frame is not shown either, nor carets (their columns would be the
        // translation's).
        String expected = """
                Traceback (most recent call last):
                  File "<dir>/main3.py", line 4, in <module>
                    legacy_a.go()
                  File "<dir>/legacy_a.py", line 7, in go
                    legacy_b.crash(4)
                  File "<dir>/legacy_b.py", line 10, in crash
                    return (total
                ZeroDivisionError: integer division or modulo by zero
                """;
        String withoutVerbose = r.stderr().lines().filter(l -> !l.startsWith("# ") && !l.startsWith("import "))
                .collect(Collectors.joining("\n", "", "\n"));
        assertEquals(expected, withoutVerbose, r.toString());
    }

    // --- The paper's scripts ----------------------------------------------------------------------

    private static SpmPython.Result paperRun;

    private static synchronized SpmPython.Result paperRun() {
        if (paperRun == null) {
            Path scripts = Paths.paper().resolve("scipy2011");
            paperRun = spm(resources.resolve("paper_check.py").toString(), scripts.toString()).run();
        }
        return paperRun;
    }

    @Test
    void thePapersScriptsTranslateAndCompileUnchanged() {
        var r = paperRun();
        assertEquals(0, r.exitCode(), r.toString());
        Path scripts = Paths.paper().resolve("scipy2011");
        assertTrue(r.stdout().startsWith("compiled is_prime.py as " + scripts.resolve("is_prime.py") + "\n"
                + "compiled demo.py as " + scripts.resolve("demo.py") + "\n"), r.toString());
    }

    @Test
    void isPrimesBucketBoundsFloor() {
        var r = paperRun();
        StringBuilder expected = new StringBuilder();
        int buckets = 10;
        int nMin = 2;
        for (int ct = 0; ct < buckets; ct++) {
            int low = nMin;
            nMin += 502347 / buckets;
            int high = ct == buckets - 1 ? 502347 : nMin;
            expected.append("bucket ").append(low).append(' ').append(high).append(" int int\n");
        }
        String buckets10 = r.stdout().lines().filter(l -> l.startsWith("bucket "))
                .collect(Collectors.joining("\n", "", "\n"));
        assertEquals(expected.toString(), buckets10, r.toString());
    }

    // --- Errors -----------------------------------------------------------------------------------

    @Test
    void aFileNeitherPythonThreeNorTwoGivesThePythonThreeErrorAndOneLegacyLine() {
        Path script = Paths.write(dir, "broken.py", """
                import sys
                x = = 1
                print "never"
                """);
        var r = spm(script.toString()).run();
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("", r.stdout(), r.toString());
        String expected = "  File \"" + script + "\", line 2\n"
                + "    x = = 1\n"
                + "        ^\n"
                + "SyntaxError: invalid syntax\n"
                + "spm-python: legacy (Python 2) translation was tried and failed: line 2: invalid syntax at '='\n";
        assertEquals(expected, r.stderr(), r.toString());
    }

    @Test
    void legacyNeverGivesPythonThreesErrorAlone() {
        var r = spm("--legacy=never", "-c", "print 'x'").run();
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("SyntaxError: Missing parentheses in call to 'print'"), r.toString());
        assertFalse(r.stderr().contains("legacy"), r.toString());
    }

    // --- The forms of the command line, --legacy=always, the cache ---------------------------------

    @Test
    void dashCWithLegacyAlwaysTranslatesPythonThreeSyntaxToo() {
        // Valid Python 3, so --legacy=auto would run it as such (a line "a b ['arg']", then 3.5).
        // As Python 2 code it prints a tuple, and floors.
        var r = spm("--legacy=always", "-c", "import sys\nprint('a', 'b', sys.argv[1:])\nprint(7 / 2)", "arg").run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("('a', 'b', ['arg'])\n3\n", r.stdout(), r.toString());
    }

    // Two runs of a module the cache has never seen: as a script, then with -m.
    private static Path freshModule;
    private static String freshToken;
    private static SpmPython.Result firstRun;
    private static SpmPython.Result secondRun;

    private static synchronized void cacheRuns() {
        if (firstRun == null) {
            Path folder = Paths.newScratchDir("cached");
            freshToken = UUID.randomUUID().toString();
            freshModule = Paths.write(folder, "fresh.py", "# " + freshToken + "\n"
                    + "import sys\nprint 'fresh', __name__, sys.argv[1:], 5 / 2\n");
            firstRun = spm("-v", freshModule.toString()).in(folder).run();
            secondRun = spm("-v", "-m", "fresh", "x").in(folder).run();
        }
    }

    @Test
    void translationsAreCachedUnderTheUsersCacheFolderAndReused() throws IOException {
        cacheRuns();
        assertEquals("fresh __main__ [] 2\n", firstRun.stdout(), firstRun.toString());
        assertTrue(firstRun.stderr().lines().anyMatch(("# legacy: translated " + freshModule)::equals),
                firstRun.toString());
        assertEquals(1, cacheEntriesHolding(freshToken).size(), "cache entries with the module's text");
        assertTrue(secondRun.stderr().lines().anyMatch(("# legacy: translated " + freshModule + " (cached)")::equals),
                secondRun.toString());
        try (Stream<Path> beside = Files.list(freshModule.getParent())) {
            assertEquals(List.of(freshModule), beside.toList(), "nothing is written beside the user's source");
        }
    }

    @Test
    void dashMRunsALegacyModuleAsMain() {
        cacheRuns();
        assertEquals(0, secondRun.exitCode(), secondRun.toString());
        assertEquals("fresh __main__ ['x'] 2\n", secondRun.stdout(), secondRun.toString());
    }

    private static List<Path> cacheEntriesHolding(String text) throws IOException {
        try (Stream<Path> files = Files.list(translationCache())) {
            return files.filter(p -> p.toString().endsWith(".py")).filter(p -> {
                try {
                    return Files.readString(p).contains(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
