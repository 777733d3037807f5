package org.spmpython.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The session folders ({@code hub-<pid>} in the runtime folder, each holding a session's secret
 * and its spokes' logs) of hubs that ended without removing theirs: killed with -9, or a machine
 * that went down. A hub removes its own at an orderly end; each start removes the stale ones.
 * Stale: no process has that pid, or the one that has it started after the folder was made (the
 * pid was reused).
 */
final class StaleSessions {
    static final String PREFIX = "hub-";

    private StaleSessions() {
    }

    /** Removes the stale session folders under {@code runtimeDir}; returns how many went. */
    static int clean(Path runtimeDir) {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(runtimeDir, PREFIX + "*")) {
            for (Path dir : entries) {
                if (isStale(dir)) {
                    deleteTree(dir);
                    removed++;
                }
            }
        } catch (IOException e) {
            // no runtime folder yet, or not ours to read: nothing to clean
        }
        return removed;
    }

    static boolean isStale(Path dir) {
        long pid;
        try {
            pid = Long.parseLong(dir.getFileName().toString().substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return false; // not a session folder
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        try {
            FileTime made = Files.getLastModifiedTime(dir);
            // A second's slack: the start time in /proc is in clock ticks.
            return started.isPresent() && started.get().isAfter(made.toInstant().plusSeconds(1));
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // gone already
        }
    }
}
