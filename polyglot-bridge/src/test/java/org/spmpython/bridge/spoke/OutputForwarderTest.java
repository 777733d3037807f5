package org.spmpython.bridge.spoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.spmpython.bridge.wire.Protocol;

/** What a spoke forwards to the hub: whole lines, batches within a message's limit, drops said. */
class OutputForwarderTest {

    private static List<String> forward(String text, java.util.function.Predicate<String> accept) {
        List<String> sent = new ArrayList<>();
        new OutputForwarder(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), lines -> {
            boolean ok = accept.test(lines);
            if (ok) {
                sent.add(lines);
            }
            return ok;
        }).run();
        return sent;
    }

    @Test
    void sendsWholeLinesInBatchesWithinTheLimit() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20000; i++) {
            text.append("line ").append(i).append("\r\n");
        }
        text.append("no newline at the end");
        List<String> sent = forward(text.toString(), lines -> true);
        List<String> lines = new ArrayList<>();
        for (String batch : sent) {
            assertTrue(batch.endsWith("\n"), "a batch of whole lines");
            assertTrue(batch.getBytes(StandardCharsets.UTF_8).length <= Protocol.MAX_SPOKE_OUTPUT_BYTES);
            lines.addAll(batch.lines().toList());
        }
        assertEquals(20001, lines.size());
        assertEquals("line 0", lines.get(0));
        assertEquals("line 19999", lines.get(19999));
        assertEquals("no newline at the end", lines.get(20000));
    }

    @Test
    void aVeryLongLineGoesInPieces() {
        String longLine = "x".repeat(OutputForwarder.LONGEST_LINE * 2 + 5) + "\n";
        List<String> lines = new ArrayList<>();
        forward(longLine, l -> true).forEach(b -> lines.addAll(b.lines().toList()));
        assertEquals(List.of(OutputForwarder.LONGEST_LINE, OutputForwarder.LONGEST_LINE, 5),
                lines.stream().map(String::length).toList());
    }

    @Test
    void aBatchTheConnectionCannotTakeIsDroppedAndCounted() {
        // The forwarder sends what it has each time the pipe is empty: here, once at the end, so
        // make the first batch full: it is refused, the rest goes with the count.
        StringBuilder text = new StringBuilder();
        int n = 0;
        while (text.length() * 3 < Protocol.MAX_SPOKE_OUTPUT_BYTES + 100) {
            text.append("l").append(n++).append('\n');
        }
        boolean[] first = {true};
        List<String> sent = forward(text.toString(), lines -> {
            boolean ok = !first[0];
            first[0] = false;
            return ok;
        });
        assertEquals(1, sent.size(), sent.toString());
        String said = sent.get(0).lines().findFirst().orElseThrow();
        assertTrue(said.matches("\\[spm-python: \\d+ lines of output dropped: the connection to the hub was too slow\\]"),
                said);
        int dropped = Integer.parseInt(said.replaceAll("\\D+", " ").trim().split(" ")[0]);
        assertEquals(n, dropped + sent.get(0).lines().count() - 1);
    }
}
