package org.spmpython.bridge.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Refused connections under a flood of junk: each reason said once, the rest counted in one line. */
class HubLogTest {
    @Test
    void aFloodOfRefusedConnectionsIsSaidInAFewLines() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        HubLog log = new HubLog(new PrintStream(err, true, StandardCharsets.UTF_8), true);
        for (int i = 0; i < 220; i++) {
            log.on(new HubEvent.ConnectionRefused("10.0.0." + i % 7 + ":" + (4000 + i), i % 2 == 0 ? "malformed message"
                    : "wrong secret", false));
        }
        log.on(new HubEvent.ConnectionRefused("10.0.0.9:1", "a spoke left before it was admitted", true)); // expected: not said
        Thread.sleep(6000);
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of("spm-python: tracker: closed connection from 10.0.0.0:4000: malformed message",
                "spm-python: tracker: closed connection from 10.0.0.1:4001: wrong secret",
                "spm-python: tracker: closed 218 more connections for the same reasons within 5 s, the last from"
                        + " 10.0.0.2:4219: wrong secret"), lines);
        log.on(new HubEvent.ConnectionRefused("10.0.0.1:5", "wrong secret", false));
        assertTrue(err.toString(StandardCharsets.UTF_8).endsWith("closed connection from 10.0.0.1:5: wrong secret\n"));
    }
}
