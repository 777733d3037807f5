package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Processes a task starts by other means than spm.util.coprocess — {@code subprocess.Popen}, a
 * shell's {@code setsid cmd &} (a daemon in a session of its own, which no process group reaches)
 * — end with the task on a spoke process (a subreaper: orphans come to it), and with the hub on
 * a spoke thread; none holds the hub's stdout after it ends (docs/PROCESSES.md).
 */
@ExtendWith(ProcessLeakCheck.class)
class TaskProcessesTest {
    @Test
    void onSpokeProcessesWhatATaskStartedEndsWithTheTaskAndTheSpokeStaysWarm() throws Exception {
        Path dir = Paths.copyScripts(Paths.newScratchDir("task-processes"), "taskmanager/faults.py");
        try (HubSession hub = HubSession.start("--spokes", "local:2")) {
            hub.run("import sys; sys.path.insert(0, " + HubSession.quoted(dir.toString()) + "); import faults");
            hub.awaitIdleSpokes(2);
            List<Long> spokes = hub.spokePids("idle");
            String out = hub.run("faults.interp(['popen', 'detach', 'ok'], timeout=60)");
            assertTrue(out.contains("('1-detach', 'done', 'detached')"), out);
            assertTrue(out.contains("('0-popen', 'done', "), out);
            // Reported done means ended: nothing is left to wait for.
            assertEquals(List.of(), ProcessLeakCheck.running("sleep 7781"), out);
            assertEquals(List.of(), ProcessLeakCheck.running("sleep 7778"), out);
            // A co-process that detaches its child: the group ends, the orphan comes to the spoke.
            out = hub.run("faults.shell([('setsid sleep 7779 < /dev/null > /dev/null 2>&1 &', 10)])");
            assertTrue(out.contains("'done'"), out);
            assertEquals(List.of(), ProcessLeakCheck.running("sleep 7779"), out);
            hub.awaitIdleSpokes(2);
            assertEquals(new HashSet<>(spokes), new HashSet<>(hub.spokePids("idle")),
                    "the spokes were relaunched rather than kept warm");
            // A spoke killed with -9 cannot end what its task started: the hub (its subreaper) does.
            out = hub.run("faults.interp(['orphan'], timeout=60)");
            assertTrue(out.contains("('0-orphan', 'SPMTaskDropped', "), out);
            assertEquals(List.of(), ProcessLeakCheck.awaitGone("sleep 7782", 10_000), out);
        }
    }

    @Test
    void onSpokeThreadsWhatATaskStartedEndsWithTheHubWhoseStdoutThenEnds() throws Exception {
        Path dir = Paths.copyScripts(Paths.newScratchDir("task-processes-threads"), "taskmanager/faults.py");
        Path script = Paths.write(dir, "run.py", """
                import faults
                faults.interp(['popen', 'detach'], timeout=60)
                print('finished', flush=True)
                """);
        ProcessBuilder pb = SpmPython.processBuilder(List.of("--spokes", "threads:2", script.toString()));
        pb.redirectErrorStream(true);
        Process hub = pb.start();
        try {
            // As `spm-python ... | tail`: the output ends when everyone holding it is gone.
            CompletableFuture<String> all = CompletableFuture.supplyAsync(() -> readAll(hub.getInputStream()));
            String out;
            try {
                out = all.get(180, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("the hub's stdout did not end: " + ProcessLeakCheck.running("sleep 77"));
            }
            assertTrue(hub.waitFor(30, TimeUnit.SECONDS), out);
            assertEquals(0, hub.exitValue(), out);
            assertTrue(out.contains("finished"), out);
            assertEquals(List.of(), ProcessLeakCheck.running("sleep 7781"), out);
            assertEquals(List.of(), ProcessLeakCheck.running("sleep 7778"), out);
            assertFalse(out.contains("Traceback"), out);
        } finally {
            ProcessLeakCheck.killTree(hub.toHandle());
        }
    }

    private static String readAll(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (in) {
            in.transferTo(out);
        } catch (java.io.IOException e) {
            // closed
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
