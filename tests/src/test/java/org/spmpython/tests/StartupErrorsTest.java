package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Start-up that cannot succeed ends at once with one line naming the address and the reason,
 * python's usage status 2 for a hub that cannot listen and 3 for a spoke that cannot reach its
 * hub, and leaves nothing running (no Netty thread keeps a JVM alive); and the spoke command line
 * the hub prints names an address the spokes can reach.
 */
@ExtendWith(ProcessLeakCheck.class)
class StartupErrorsTest {
    /** Well under what a hang would take: the JVM, GraalPy's start and the exit. */
    private static final Duration QUICK = Duration.ofSeconds(60);

    @Test
    void aHubListeningOnAPortInUseSaysSoInOneLineAndExits2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String where = "127.0.0.1:" + taken.getLocalPort();
            var r = SpmPython.with("--listen", where, "-c", "print('never')").timeout(QUICK).run();
            assertEquals(2, r.exitCode(), r.toString());
            assertEquals("spm-python: --listen " + where + ": Address already in use\n", r.stderr(), r.toString());
            assertEquals("", r.stdout(), r.toString());
        }
    }

    @Test
    void aHubListeningOnAnAddressNotThisMachinesSaysSoAndExits2() {
        var r = SpmPython.with("--listen", "8.8.8.8:5000", "-c", "print('never')").timeout(QUICK).run();
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("spm-python: --listen 8.8.8.8:5000: Cannot assign requested address\n", r.stderr(), r.toString());
    }

    @Test
    void aSpokeThatCannotReachItsHubSaysWhyInOneLineAndExits3() {
        Path secret = Paths.write(Paths.newScratchDir("unreachable"), "secret", "00112233445566778899aabbccddeeff\n");
        var refused = SpmPython.with("spoke", "--hub", "127.0.0.1:1", "--secret-file", secret.toString())
                .timeout(QUICK).run();
        assertEquals(3, refused.exitCode(), refused.toString());
        assertEquals("spm-python spoke: cannot reach the hub at 127.0.0.1:1: Connection refused\n", refused.stderr(),
                refused.toString());
        var unknown = SpmPython.with("spoke", "--hub", "no-such-host.invalid:5000", "--secret-file", secret.toString())
                .timeout(QUICK).run();
        assertEquals(3, unknown.exitCode(), unknown.toString());
        assertEquals("spm-python spoke: cannot reach the hub at no-such-host.invalid:5000: unknown host\n",
                unknown.stderr(), unknown.toString());
    }

    @Test
    void thePrintedSpokeCommandNamesTheAddressTheHubListensOn() {
        var r = SpmPython.with("--listen", "127.0.0.1:0", "-c", "pass").timeout(QUICK).run();
        assertEquals(0, r.exitCode(), r.toString());
        Matcher m = Pattern.compile("remote spokes: spm-python spoke --hub (\\S+):(\\d+) ").matcher(r.stderr());
        assertTrue(m.find(), r.toString());
        assertEquals("127.0.0.1", m.group(1), "the hub listens on 127.0.0.1 only: " + r.stderr());
        assertFalse(r.stderr().contains("Exception"), r.toString());
    }
}
