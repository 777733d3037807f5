package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session's folder ({@code hub-<pid>} under the runtime folder: its secret, its spokes' logs)
 * is gone after an orderly end; one left by a hub killed with -9 is removed at the next start,
 * and a live hub's folder is left alone.
 */
@ExtendWith(ProcessLeakCheck.class)
class SessionFoldersTest {
    @Test
    void aKilledHubsFolderGoesAtTheNextStartAndALiveOnesStays() throws Exception {
        Path runtime = Paths.newScratchDir("runtime");
        Path sessions = runtime.resolve("spm-python");
        // A hub killed with -9 mid-session: its folder and secret stay behind.
        ProcessBuilder pb = SpmPython.processBuilder(List.of("--spokes", "local:1", "-c",
                "import os; print(os.getpid(), flush=True); import time; time.sleep(600)"));
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        Process killed = pb.start();
        long pid;
        try (var out = new BufferedReader(new InputStreamReader(killed.getInputStream(), StandardCharsets.UTF_8))) {
            pid = Long.parseLong(CompletableFuture.supplyAsync(() -> readLine(out)).get(120, TimeUnit.SECONDS).trim());
        }
        killed.destroyForcibly();
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        Path left = sessions.resolve("hub-" + pid);
        assertTrue(Files.isRegularFile(left.resolve("secret")), "a hub killed with -9 leaves " + left);
        ProcessLeakCheck.waitForMarkedToEnd(30_000); // its spoke dies with it (parent-death signal)

        // A live session's folder: this test JVM's pid, made after it started.
        Path live = Files.createDirectories(sessions.resolve("hub-" + ProcessHandle.current().pid()));
        Files.writeString(live.resolve("secret"), "00112233445566778899aabbccddeeff\n");
        // Not a session folder at all: never touched.
        Path other = Files.createDirectories(sessions.resolve("hub-notes"));

        var r = SpmPython.with("-c", "import os; print(os.getpid())").env("XDG_RUNTIME_DIR", runtime.toString()).run();
        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(Files.exists(left), "the killed hub's folder is still there: " + left);
        assertTrue(Files.isRegularFile(live.resolve("secret")), "a live hub's folder was removed");
        assertTrue(Files.isDirectory(other));
        assertFalse(Files.exists(sessions.resolve("hub-" + r.stdout().trim())), "an orderly end left its folder");
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
