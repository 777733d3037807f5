package org.spmpython.bridge.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The hub's console: a line never lands inside the progress line, which comes back after it. */
class ConsoleTest {
    @Test
    void aLineWipesTheProgressLineAndDrawsItAgainAfter() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(screen, true, StandardCharsets.UTF_8);
        Console console = new Console(both, both);
        console.line("before");
        console.progress("#: done 1");
        console.line("(spoke 1@vm) hello");
        console.progress("#: done 10");
        console.progress("#: done 2");
        console.clearProgress();
        console.line("after");
        assertEquals("before\n"
                + "\r#: done 1"
                + "\r         \r(spoke 1@vm) hello\n\r#: done 1"
                + "\r#: done 10"
                + "\r#: done 2 "
                + "\r         \r"
                + "after\n", screen.toString(StandardCharsets.UTF_8));
    }
}
