package org.spmpython.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub's own check of the event core's invariants (HubInvariants: one report per task, no
 * spoke left held, offline at the end), asked of every hub the tests start: each process gets
 * {@code SPM_TEST_INVARIANTS=<a file of its own>}, and after each test ({@link ProcessLeakCheck})
 * every file written since is read: any {@code violation:} line fails the test.
 */
final class InvariantVerdicts {
    static final String VARIABLE = "SPM_TEST_INVARIANTS";
    private static final AtomicInteger COUNT = new AtomicInteger();
    /** The verdict files handed out and not checked yet. */
    private static final List<Path> PENDING = new ArrayList<>();

    private InvariantVerdicts() {
    }

    /** Gives the process a verdict file of its own; returns it. */
    static Path ask(Map<String, String> environment) {
        Path file = Paths.scratch().resolve("invariants").resolve(ProcessHandle.current().pid() + "-"
                + COUNT.incrementAndGet() + ".txt");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        environment.put(VARIABLE, file.toString());
        synchronized (PENDING) {
            PENDING.add(file);
        }
        return file;
    }

    /** The violations in the files handed out since the last call, each "file: line"; they are checked then. */
    static List<String> violationsSinceLastCheck() {
        List<Path> files;
        synchronized (PENDING) {
            files = List.copyOf(PENDING);
            PENDING.clear();
        }
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            found.addAll(violations(file));
        }
        return found;
    }

    /** The violation lines of one verdict file (none if the hub wrote none, or never started). */
    static List<String> violations(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith("violation:"))
                    .map(l -> file.getFileName() + ": " + l).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The verdict's last line ("exit: ok ..." once the hub ended in order), or "" if none. */
    static String exitLine(Path file) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            return lines.stream().filter(l -> l.startsWith("exit:")).reduce((a, b) -> b).orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
