package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REPL through a pipe ({@code -i}) and on a pseudo-terminal (JLine), as a person uses it. */
@ExtendWith(ProcessLeakCheck.class)
class ReplTest {
    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void pipedReplEchoesValuesRunsBlocksAndSurvivesErrors() {
        String session = String.join("\n",
                "1 + 1",
                "for i in range(3):",
                "    print('item', i)",
                "",
                "def f(x):",
                "    '''doc",
                "",
                "    more'''",
                "    return x * 2",
                "",
                "f(21)",
                "raise ValueError('oops')",
                "1 +",
                "x = (1,",
                "     2)",
                "x",
                "name = input()",
                "Ada",
                "print('hello', name)",
                "exit(4)",
                "print('never printed')",
                "");
        var r = SpmPython.with("-i").stdin(session).run();
        assertEquals(4, r.exitCode(), r.toString());
        assertEquals("2\nitem 0\nitem 1\nitem 2\n42\n(1, 2)\nhello Ada\n", r.stdout(), r.toString());
        // As python's: banner, prompts and errors on stderr; the block got '...' prompts.
        assertTrue(r.stderr().startsWith("spm-python "), r.toString());
        assertTrue(r.stderr().contains(">>> ... ... >>> "), r.toString());
        assertTrue(r.stderr().contains("ValueError: oops"), r.toString());
        assertTrue(r.stderr().contains("SyntaxError: invalid syntax"), r.toString());
        assertFalse(r.stderr().contains("File \"<string>\""), "our own frames leak into tracebacks:\n" + r);
    }

    @Test
    void pipedReplEndsAtEndOfInputWithStatusZero() {
        var r = SpmPython.with("-q", "-i").stdin("print('last words')\n").run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("last words\n", r.stdout());
        assertFalse(r.stderr().contains("spm-python"), "-q must hide the banner:\n" + r);
    }

    @Test
    void dashIAfterACommandKeepsItsNamespace() {
        var r = SpmPython.with("-i", "-c", "answer = 6 * 7").stdin("answer\n").run();
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("42\n", r.stdout());
    }

    private static void sleepAWhile() throws InterruptedException {
        Thread.sleep(1500); // completion asks Python: let it answer before the next key
    }

    @Test
    void replOnATerminalEditsCompletesRemembersAndRecovers() throws Exception {
        Path history = Paths.newScratchDir("history").resolve("spm_history");
        Map<String, String> env = Map.of("SPM_PYTHON_HISTORY", history.toString());
        try (Terminal t = Terminal.start(Terminal.args("-q"), env)) {
            int at = t.await(">>> ", 0, START);
            // Tab completes a global name, then an attribute (as python's readline completer).
            t.type("import rlcompleter" + Terminal.ENTER);
            at = t.await(">>> ", at);
            // JLine redraws only what changed, so the effect is checked, not the screen: the
            // line evaluates only if both Tabs completed it (to "rlcompleter.Completer(").
            t.type("rlcomp" + Terminal.TAB);
            sleepAWhile();
            t.type(".Comp" + Terminal.TAB);
            sleepAWhile();
            t.type("\b" + Terminal.ENTER);
            at = t.await("<class 'rlcompleter.Completer'>", at);
            // A multi-line block, indented by Tab at the start of the line.
            t.type("for i in range(2):" + Terminal.ENTER);
            at = t.await("... ", at);
            t.type(Terminal.TAB + "print('row', i * 10)" + Terminal.ENTER);
            at = t.await("... ", at);
            t.type(Terminal.ENTER);
            at = t.await("row 10", at);
            // An error leaves the session alive.
            t.type("1/0" + Terminal.ENTER);
            at = t.await("ZeroDivisionError: division by zero", at);
            // Ctrl-C drops a half-typed line; line editing (Ctrl-A to the start) works.
            t.type("half typed");
            t.ctrlC();
            at = t.await("KeyboardInterrupt", at);
            t.type("+ 2" + "\u0001" + "40 " + Terminal.ENTER); // Ctrl-A: to the line's start
            at = t.await("42", at);
            t.type(Terminal.CTRL_D);
            assertEquals(0, t.exitCode(Duration.ofSeconds(30)), t.text());
        }
        String saved = Files.readString(history);
        assertTrue(saved.contains("import rlcompleter"), saved);
        assertTrue(saved.contains("print('row', i * 10)"), saved);

        // The next session starts with that history: Up arrow (in keypad mode) recalls the last line.
        try (Terminal t = Terminal.start(Terminal.args("-q"), env)) {
            int at = t.await(">>> ", 0, START);
            t.type("\u001bOA");
            at = t.await("40 + 2", at);
            t.type(Terminal.ENTER);
            at = t.await("42", at);
            t.type("exit(3)" + Terminal.ENTER);
            assertEquals(3, t.exitCode(Duration.ofSeconds(30)), t.text());
        }
    }

    @Test
    void spokesJoinWhileTheTerminalReplIdles() throws Exception {
        try (Terminal t = Terminal.start(Terminal.args("-q", "--spokes", "local:1"), Map.of())) {
            int at = t.await(">>> ", 0, START);
            Thread.sleep(3000); // the prompt waits for a key; the tracker works on
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!t.text().substring(at).contains("1 spoke (1 idle)")) {
                assertTrue(System.nanoTime() < deadline, "no idle spoke joined:\n" + t.text());
                t.type("spm.sys.tracker" + Terminal.ENTER);
                Thread.sleep(500); // asks again soon: the spoke joins at its own pace
            }
            t.type("exit()" + Terminal.ENTER);
            assertEquals(0, t.exitCode(Duration.ofSeconds(30)), t.text());
        }
    }
}
