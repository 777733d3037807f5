package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The invariant checker every end-to-end test relies on ({@link InvariantVerdicts}, run by
 * {@link ProcessLeakCheck} after each test): a real hub's runs pass it, counted, and a deliberate break of the event stream — events forged from the hub's own Python, as a bug
 * in the core would publish them — is caught and would fail the test.
 */
@ExtendWith(ProcessLeakCheck.class)
class InvariantCheckTest {
    /** Runs {@code program} on a hub with one spoke thread; returns its verdict file. */
    private static Path verdictOf(String program) {
        Path dir = Paths.copyScripts(Paths.newScratchDir("invariants"), "taskmanager/many.py");
        Path verdict = dir.resolve("verdict.txt");
        var r = SpmPython.with("--spokes", "threads:1", "-c", program).in(dir)
                .env(InvariantVerdicts.VARIABLE, verdict.toString()).run();
        assertEquals(0, r.exitCode(), r.toString());
        return verdict;
    }

    /** One hub for both (the clean verdict is also asked of every {@link HubSession} as it closes). */
    @Test
    void realRunsPassAndABrokenEventStreamIsCaught() throws Exception {
        // A run that comes online and goes offline with none of its 3 tasks reported, and one left
        // online at the end: what a core that lost reports, or never went offline, would publish.
        String forge = String.join("\n",
                "import java",
                "from spm import _engine",
                "field = java.type('java.lang.Class').forName('org.spmpython.bridge.python.HubServices')"
                        + ".getDeclaredField('tracker')",
                "field.setAccessible(True)",
                "events = field.get(_engine._hub).events()",
                "events.publish(java.type('org.spmpython.bridge.hub.HubEvent$RunOnline')(900, 'list', 3))",
                "events.publish(java.type('org.spmpython.bridge.hub.HubEvent$RunOffline')(900, 0, 0))",
                "events.publish(java.type('org.spmpython.bridge.hub.HubEvent$RunOnline')(901, 'list', 1))",
                "print('forged')");
        Path verdict = verdictOf("import many; many.many(40); many.many(3)\n" + forge);
        List<String> violations = InvariantVerdicts.violations(verdict);
        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.get(0).endsWith("violation: run 900 went offline with 3 of its 3 tasks unreported"
                + " (first: [0, 1, 2])"), violations.toString());
        assertTrue(violations.get(1).contains("violation: the hub ended with run 901 online"), violations.toString());
        assertEquals("exit: violated - 4 runs, 47 tasks, 43 reports, 2 violations", InvariantVerdicts.exitLine(verdict),
                Files.readAllLines(verdict).toString());
    }
}
