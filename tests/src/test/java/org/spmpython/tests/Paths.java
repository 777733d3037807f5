package org.spmpython.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where things are: the checkout, the launcher, the paper's scripts, a scratch folder. */
final class Paths {
    private Paths() {
    }

    /** The checkout's top folder (surefire passes it; else the tests module's parent). */
    static Path root() {
        String configured = System.getProperty("spm.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    static Path launcher() {
        return root().resolve("bin/spm-python");
    }

    /** ../shared/paper beside the checkout: the user's scripts, read unchanged. */
    static Path paper() {
        return root().resolveSibling("shared").resolve("paper");
    }

    static Path examples() {
        return root().resolve("examples-py");
    }

    /** A folder for this test run's files, under the tests module's target/. */
    static Path scratch() {
        Path dir = root().resolve("tests/target/scratch");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path newScratchDir(String prefix) {
        try {
            return Files.createTempDirectory(scratch(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies test scripts from tests/src/test/resources into {@code dir}, each under its file
     * name, with the typedefs they share (typedefs.py) beside them.
     */
    static Path copyScripts(Path dir, String... resources) {
        try {
            Path from = root().resolve("tests/src/test/resources");
            Files.copy(from.resolve("typedefs.py"), dir.resolve("typedefs.py"));
            for (String resource : resources) {
                Path file = from.resolve(resource);
                Files.copy(file, dir.resolve(file.getFileName()));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
