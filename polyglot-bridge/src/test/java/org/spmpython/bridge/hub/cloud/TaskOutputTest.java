package org.spmpython.bridge.hub.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following slots' logs: whole lines, in order, with the spoke of the moment; long lines in pieces. */
class TaskOutputTest {
    @TempDir
    Path dir;

    @Test
    void showsWholeLinesWithTheirSpokeAndKeepsTheSpokesLastWordsInTheLog() throws Exception {
        Path log = dir.resolve("slot0.log");
        Files.writeString(log, "");
        List<String> shown = new CopyOnWriteArrayList<>();
        try (TaskOutput output = new TaskOutput(shown::add); FileOutputStream out = new FileOutputStream(log.toFile(), true)) {
            output.spokeOf(0, log, "spoke 1@vm");
            write(out, "one\nhalf-");
            Thread.sleep(300); // read in between: the half line waits for its end
            write(out, "line\r\nspm-python spoke: exiting: the hub closed it\n");
            output.drain(0);
            output.spokeOf(0, log, "spoke 2@vm");
            write(out, "x".repeat(TaskOutput.LONGEST_LINE + 5) + "\nno newline at the end");
        }
        assertEquals(List.of("(spoke 1@vm) one", "(spoke 1@vm) half-line", "(spoke 2@vm) " + "x".repeat(TaskOutput.LONGEST_LINE),
                "(spoke 2@vm) xxxxx", "(spoke 2@vm) no newline at the end"), shown);
    }

    @Test
    void aFloodIsShownCompleteAndInOrder() throws Exception {
        Path log = dir.resolve("slot0.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(log, text);
        List<String> shown = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (TaskOutput output = new TaskOutput(shown::add)) {
            output.spokeOf(0, log, "spoke 7@vm");
        }
        assertEquals(200_000, shown.size());
        for (int i = 0; i < shown.size(); i += 9999) {
            assertEquals("(spoke 7@vm) line " + i, shown.get(i));
        }
        assertTrue(shown.get(199_999).endsWith("line 199999"));
    }

    private static void write(FileOutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
