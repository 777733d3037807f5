package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hub's options that matter on a spoke — {@code --legacy}, {@code -v}, {@code -B},
 * {@code --lost-after}, {@code --no-shared-fs}, python's flags ({@code -O}, {@code -W} ...) —
 * reach the local cloud's spokes, whether they are
 * processes (through the spoke's command line) or threads of the hub's JVM; without them a spoke
 * runs with python's defaults.
 */
@ExtendWith(ProcessLeakCheck.class)
class SpokeOptionsTest {
    /**
     * What a spoke says of itself: legacy mode, no .pyc writing, verbose imports, sees the hub's
     * files, optimizes (so a task's asserts are gone), its warning options.
     */
    private static final String ASK = "print(spm.sys.tracker.evaluate(spm.sys.tracker.spokes(('idle',))[0], "
            + "'import sys, spm._engine; (spm.runtime.legacy_mode, sys.dont_write_bytecode, sys.flags.verbose > 0, "
            + "spm._engine.shared_file_system(), sys.flags.optimize, __debug__, sys.warnoptions)'))";

    @ParameterizedTest
    @ValueSource(strings = {"local:1", "threads:1"})
    void theHubsOptionsReachItsSpokes(String spokes) throws Exception {
        try (HubSession hub = HubSession.start("--spokes", spokes, "--legacy=never", "-B", "-v", "--lost-after", "4",
                "--no-shared-fs", "-O", "-W", "ignore::ResourceWarning")) {
            hub.awaitIdleSpokes(1);
            assertEquals("('never', True, True, False, 1, False, ['ignore::ResourceWarning'])", hub.run(ASK));
            if (spokes.startsWith("local")) {
                long pid = hub.spokePids("idle").get(0);
                String line = String.join(" ", List.of(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
                        StandardCharsets.UTF_8).split("\0")));
                for (String option : List.of("--legacy never", "--verbose", "--no-bytecode", "--lost-after 4.0",
                        "--no-shared-fs", "--python-flags optimize=1 --warn-option ignore::ResourceWarning")) {
                    assertTrue(line.contains(option), option + " is not on the spoke's command line: " + line);
                }
            }
        }
    }

    @Test
    void withoutThemASpokeRunsWithPythonsDefaults() throws Exception {
        try (HubSession hub = HubSession.start("--spokes", "threads:1")) {
            hub.awaitIdleSpokes(1);
            assertEquals("('auto', False, False, True, 0, True, [])", hub.run(ASK));
        }
    }
}
