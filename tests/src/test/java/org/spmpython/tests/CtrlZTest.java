package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ctrl-Z, then {@code fg}, in a real interactive shell on a pseudo-terminal: the line discipline
 * stops the foreground job (the hub), the shell resumes it. A stopped and resumed session loses
 * nothing: its spokes, in a session of their own, neither stop nor take the silent hub for gone.
 */
@ExtendWith(ProcessLeakCheck.class)
class CtrlZTest {
    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void aSessionStoppedMidRunLongerThanLostAfterAndResumedLosesNoTask() throws Exception {
        Path dir = Paths.copyScripts(Paths.newScratchDir("ctrl-z"), "taskmanager/faults.py");
        try (Terminal t = Terminal.shell(Map.of("PYTHONPATH", dir.toString()))) {
            int at = t.await(Terminal.SHELL_PROMPT, 0, START);
            t.type(Terminal.command("-q", "--spokes", "local:2", "--lost-after", "3") + Terminal.ENTER);
            at = t.await(">>> ", at, START);
            t.type("import faults" + Terminal.ENTER);
            at = t.await(">>> ", at, START);
            t.type("faults.interp(['nap'] * 6, timeout=120)" + Terminal.ENTER);
            at = t.await("Tasks - Eval", at, START);
            Thread.sleep(1000);
            t.ctrlZ();
            at = t.await("Stopped", at, Duration.ofSeconds(30));
            Thread.sleep(10_000); // more than three times --lost-after
            t.type("fg" + Terminal.ENTER);
            at = t.await("('5-nap', ", at, START);
            at = t.await(">>> ", at, Duration.ofSeconds(30));
            String shown = t.text();
            for (int i = 0; i < 6; i++) {
                assertEquals(1, count(shown, "('" + i + "-nap', 'done', 'napped')"), shown);
            }
            assertFalse(shown.contains("SPMTaskDropped"), shown);
            t.type("exit()" + Terminal.ENTER);
            at = t.await(Terminal.SHELL_PROMPT, at, Duration.ofSeconds(60));
            t.type("exit" + Terminal.ENTER);
            assertEquals(0, t.exitCode(Duration.ofSeconds(30)), t.text());
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
