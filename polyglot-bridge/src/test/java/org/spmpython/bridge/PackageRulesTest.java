package org.spmpython.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The engine's packages use only what their package-info says they may (DESIGN §1, this module's
 * README): dependencies point one way, so a policy never reaches the tracker, the wire knows
 * nothing of the project, and a spoke knows its hub only through the wire. Read from the sources:
 * every import and fully qualified name of the project's, comments and literals left out.
 */
class PackageRulesTest {
    private static final Path SOURCES = Path.of("src/main/java/org/spmpython/bridge");
    private static final String NATIVES = "natives";

    /** Package (below org.spmpython.bridge) -> the project's packages it may use, as its package-info says. */
    private static final Map<String, Set<String>> MAY_USE = Map.of(
            "wire", Set.of(),
            "hub.run", Set.of("wire"),
            "hub", Set.of("wire", "hub.run"),
            "hub.view", Set.of("hub", "hub.run", "wire"),
            "hub.cloud", Set.of("hub", "spoke", "python", "wire", NATIVES),
            "hub.cloud.remote", Set.of("hub.cloud", "spoke", "wire"),
            "spoke", Set.of("python", "wire", NATIVES),
            "python", Set.of("hub", "hub.run", "wire", NATIVES),
            "cloud", Set.of("hub", "hub.cloud", "hub.cloud.remote", "hub.view", "spoke", "python", "wire", NATIVES));

    /** Literals first, so that a "*&#47;*" or "http://" in one does not start a comment. */
    private static final Pattern COMMENTS_AND_LITERALS = Pattern.compile(
            "\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])'|/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern PROJECT_NAME =
            Pattern.compile("org\\.spmpython\\.(?:bridge\\.([a-z][a-z.]*[a-z])|(natives))\\.(?:[A-Z]|\\*)");

    @Test
    void everyPackageUsesOnlyWhatItsPackageInfoAllows() throws IOException {
        Map<String, Set<String>> used = used();
        assertEquals(new TreeSet<>(MAY_USE.keySet()), new TreeSet<>(used.keySet()),
                "the engine's packages are not those this test knows: a new one needs its rule here and a package-info");
        List<String> breaches = new ArrayList<>();
        used.forEach((pkg, uses) -> uses.stream().filter(u -> !MAY_USE.get(pkg).contains(u))
                .forEach(u -> breaches.add(pkg + " uses " + u)));
        assertTrue(breaches.isEmpty(), "uses that the package-info files do not allow: " + breaches);
    }

    @Test
    void everyPackageHasAPackageInfo() {
        for (String pkg : MAY_USE.keySet()) {
            assertTrue(Files.isRegularFile(folder(pkg).resolve("package-info.java")), pkg + " has no package-info.java");
        }
    }

    /** Package -> the other packages of the project its sources name. */
    private static Map<String, Set<String>> used() throws IOException {
        Map<String, Set<String>> used = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> uses = used.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = PROJECT_NAME.matcher(COMMENTS_AND_LITERALS.matcher(Files.readString(file)).replaceAll(""));
                while (m.find()) {
                    String other = m.group(1) != null ? m.group(1) : NATIVES;
                    if (!other.equals(pkg)) {
                        uses.add(other);
                    }
                }
            }
        }
        return used;
    }

    private static Path folder(String pkg) {
        return SOURCES.resolve(pkg.replace('.', '/'));
    }
}
