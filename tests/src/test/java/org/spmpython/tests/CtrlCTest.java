package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ctrl-C as a person at a terminal presses it: the key typed into a real pseudo-terminal, whose
 * line discipline sends SIGINT to spm-python's process group (never a {@code kill} of one pid).
 * At the REPL it is python's KeyboardInterrupt and the session goes on; a script ends with 130
 * and python's traceback; during {@code manage} each unfinished task is reported dropped.
 */
@ExtendWith(ProcessLeakCheck.class)
class CtrlCTest {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration ANSWER = Duration.ofSeconds(30);

    @Test
    void ctrlCAtTheReplInterruptsASleepAndALoopAndTheSessionGoesOn() throws Exception {
        try (Terminal t = Terminal.start(Terminal.args("-q", "--spokes", "none"), Map.of())) {
            int at = t.await(">>> ", 0, START);
            t.assertForeground();
            t.type("import time; time.sleep(60)" + Terminal.ENTER);
            pause(1500);
            t.ctrlC();
            at = t.await("KeyboardInterrupt", at, ANSWER);
            at = t.await(">>> ", at, ANSWER);
            t.type("n = 0" + Terminal.ENTER);
            at = t.await(">>> ", at, ANSWER);
            t.type("while True: n += 1" + Terminal.ENTER + Terminal.ENTER);
            pause(1500);
            t.ctrlC();
            at = t.await("KeyboardInterrupt", at, ANSWER);
            at = t.await(">>> ", at, ANSWER);
            // A caught KeyboardInterrupt is python's: the handler runs, the code goes on.
            t.type("try:" + Terminal.ENTER + "    time.sleep(60)" + Terminal.ENTER + "except KeyboardInterrupt:"
                    + Terminal.ENTER + "    print('caught', n > 0)" + Terminal.ENTER + Terminal.ENTER);
            pause(1500);
            t.ctrlC();
            at = t.await("caught True", at, ANSWER);
            t.type("print(6 * 7)" + Terminal.ENTER);
            at = t.await("42", at, ANSWER);
            t.type("exit(5)" + Terminal.ENTER);
            assertEquals(5, t.exitCode(ANSWER), t.text());
        }
    }

    @Test
    void codeThatSwallowsCtrlCEndsTheSessionOnTheThirdPressAndItsSpokesWithIt() throws Exception {
        try (Terminal t = Terminal.start(Terminal.args("-q", "--spokes", "local:1"), Map.of())) {
            int at = t.await(">>> ", 0, START);
            t.type("import spm, time" + Terminal.ENTER);
            at = t.await(">>> ", at, START);
            // (The words awaited are put together at run time: the echo of the typed line must not match.)
            t.type("print('loop' + 'ing')" + Terminal.ENTER + "while True:" + Terminal.ENTER + "    try: time.sleep(1)"
                    + Terminal.ENTER + "    except KeyboardInterrupt: print('swal' + 'lowed')" + Terminal.ENTER
                    + Terminal.ENTER);
            at = t.await("looping", at, ANSWER);
            pause(1500);
            t.ctrlC();
            at = t.await("swallowed", at, ANSWER);
            t.ctrlC();
            at = t.await("Ctrl-C once more ends the session", at, ANSWER);
            t.ctrlC();
            t.await("the session ends", at, ANSWER);
            assertEquals(130, t.exitCode(ANSWER), t.text());
        }
    }

    @Test
    void ctrlCInAScriptEndsItWithPythonsTracebackAnd130() throws Exception {
        Path dir = Paths.newScratchDir("ctrl-c-script");
        Path script = Paths.write(dir, "wait.py", """
                import time
                def wait():
                    time.sleep(120)
                print('ready', flush=True)
                wait()
                """);
        try (Terminal t = Terminal.start(Terminal.args("--spokes", "none", script.toString()), Map.of())) {
            int at = t.await("ready", 0, START);
            t.assertForeground();
            pause(500);
            t.ctrlC();
            at = t.await("Traceback (most recent call last):", at, ANSWER);
            at = t.await("line 5, in <module>", at, ANSWER);
            at = t.await("in wait", at, ANSWER);
            t.await("KeyboardInterrupt", at, ANSWER);
            assertEquals(130, t.exitCode(ANSWER), t.text());
        }
    }

    @Test
    void ctrlCDuringManageReportsEachUnfinishedTaskDroppedAndTheSessionRunsTheNextOne() throws Exception {
        Path dir = Paths.copyScripts(Paths.newScratchDir("ctrl-c-manage"), "taskmanager/faults.py");
        Map<String, String> env = Map.of("PYTHONPATH", dir.toString());
        try (Terminal t = Terminal.start(Terminal.args("-q", "--spokes", "local:2"), env)) {
            int at = t.await(">>> ", 0, START);
            t.type("import faults" + Terminal.ENTER);
            at = t.await(">>> ", at, START);
            t.type("faults.interp(['ok', 'hang', 'hang', 'hang'], timeout=600)" + Terminal.ENTER);
            at = t.await("Tasks - Eval", at, START);
            pause(4000); // 'ok' is done; two hang on the spokes, one waits
            t.ctrlC();
            at = t.await("KeyboardInterrupt", at, ANSWER);
            at = t.await(">>> ", at, ANSWER);
            t.type("for r in sorted(faults.reports): print('report', r)" + Terminal.ENTER + Terminal.ENTER);
            at = t.await(">>> ", at, ANSWER);
            String shown = t.text();
            assertEquals(1, count(shown, "report ('0-ok', 'done'"), shown);
            for (String hang : new String[] {"1-hang", "2-hang", "3-hang"}) {
                assertEquals(1, count(shown, "report ('" + hang + "', 'SPMTaskDropped', '"), shown);
            }
            assertEquals(3, count(shown, "interrupted')"), shown); // the waiting one: "never started: interrupted"
            // The session is usable: the next run gets spokes (the ended ones are relaunched) and ends.
            t.type("faults.interp(['ok', 'ok'])" + Terminal.ENTER);
            at = t.await("('1-ok', 'done'", at, START);
            at = t.await(">>> ", at, ANSWER);
            // Twice in a row: the first interrupts, the second finds the cleanup under way or done.
            t.type("faults.interp(['hang', 'hang'], timeout=600)" + Terminal.ENTER);
            at = t.await("Tasks - Eval", at, START);
            pause(2000);
            t.ctrlC();
            t.ctrlC();
            at = t.await("KeyboardInterrupt", at, ANSWER);
            at = t.await(">>> ", at, ANSWER);
            t.type("print(spm.sys.sstat.amOffline(), len(faults.reports))" + Terminal.ENTER);
            at = t.await("True 2", at, ANSWER);
            t.type("exit()" + Terminal.ENTER);
            assertEquals(0, t.exitCode(ANSWER), t.text());
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
