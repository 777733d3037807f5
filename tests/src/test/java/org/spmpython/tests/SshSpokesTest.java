package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --spokes ssh:HOST[:N]} against a real sshd on loopback ({@link Sshd}, one for the class),
 * two host aliases as two servers, over TLS (docs/CLUSTER.md): the paper's is_prime on them, a host
 * that cannot be reached named once while the others go on, the secret over the channel's stdin
 * (never in argv or the environment), and a spoke with another pin, or none, refused in words.
 */
@ExtendWith(ProcessLeakCheck.class)
class SshSpokesTest {
    private static final Duration RUN = Duration.ofSeconds(300);
    private static final String ROLLING = " --> Rolling count of (# of prime numbers) :: ";
    private static Sshd sshd;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = Sshd.start();
    }

    @AfterAll
    static void stopSshd() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static Path paperFolder() throws IOException {
        Path dir = Paths.newScratchDir("ssh-paper");
        try (var files = Files.list(Paths.paper().resolve("scipy2011"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void isPrimeRunsOnTwoSshHostsOverTlsAndAnUnreachableOneIsNamedOnce() throws Exception {
        var r = SpmPython.with("--tls", "--no-shared-fs", "--spokes", "ssh:alpha,ssh:beta,ssh:nowhere.invalid:2",
                        "--remote-command", Paths.launcher().toString(), "-c",
                        "import pool, is_prime; is_prime.main(pool.inter())\n"
                                + "print(sorted(s.serverName for s in spm.sys.tracker.spokes() if s.tasksRun > 0))")
                .env("SPM_SSH_COMMAND", sshd.sshCommand()).in(paperFolder()).timeout(RUN).run();
        assertEquals(0, r.exitCode(), r.toString());
        List<Integer> counts = r.stdout().lines().filter(l -> l.startsWith(ROLLING))
                .map(l -> Integer.parseInt(l.substring(ROLLING.length()).trim())).toList();
        assertEquals(10, counts.size(), r.toString());
        assertEquals(41714, counts.get(9), r.toString());
        assertTrue(r.stdout().contains("['alpha', 'beta']"), "both hosts ran tasks: " + r);
        long warnings = r.stderr().lines().filter(l -> l.contains("cannot reach ssh host nowhere.invalid")).count();
        assertEquals(1, warnings, "one warning naming the host, for its two spokes: " + r);
    }

    @Test
    void theSecretCrossesOnTheChannelsStdinAndSpokesRefuseAHubTheyWereNotToldOf() throws Exception {
        Path runtime = Paths.newScratchDir("ssh-runtime");
        try (HubSession hub = HubSession.startWith(Map.of("SPM_SSH_COMMAND", sshd.sshCommand(),
                        "XDG_RUNTIME_DIR", runtime.toString()),
                "--tls", "--listen", "127.0.0.1:0", "--spokes", "ssh:alpha", "--remote-command", Paths.launcher().toString())) {
            hub.awaitIdleSpokes(1);
            assertEquals("['alpha']", hub.run("print([s.serverName for s in spm.sys.tracker.spokes(('idle',))])"));
            Path secretFile = runtime.resolve("spm-python/hub-" + hub.pid() + "/secret");
            List<String> secretLines = Files.readAllLines(secretFile);
            String secret = secretLines.get(0);
            assertTrue(secretLines.get(1).matches("tls-pin sha256:[0-9a-f]{64}"), secretLines.toString());
            // The spoke sshd started: its argv says the secret is on stdin; neither argv nor environment holds it.
            List<String> spokes = new ArrayList<>();
            for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
                String cmdline = proc(p.pid(), "cmdline");
                if (cmdline.contains("--launch-id") && cmdline.contains("--server-name\0alpha")
                        && proc(p.pid(), "environ").contains(ProcessLeakCheck.markAssignment())) {
                    spokes.add(cmdline);
                    assertTrue(cmdline.contains("--secret-file\0-\0"), cmdline);
                    assertFalse(cmdline.contains(secret), "the secret in argv: " + cmdline);
                    assertFalse(proc(p.pid(), "environ").contains(secret), "the secret in the environment");
                }
            }
            assertFalse(spokes.isEmpty(), "the spoke process on alpha was not found");

            Matcher m = Pattern.compile("tracker listening on /127\\.0\\.0\\.1:(\\d+)").matcher(hub.stderr());
            assertTrue(m.find(), hub.stderr());
            String at = "127.0.0.1:" + m.group(1);
            // A spoke pinning another certificate refuses the hub, in words.
            Path otherPin = Paths.write(runtime, "other-pin", secret + "\ntls-pin sha256:" + "ab".repeat(32) + "\n");
            Files.setPosixFilePermissions(otherPin, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            var refused = spoke(at, otherPin);
            assertEquals(3, refused.exitCode(), refused.toString());
            assertTrue(refused.stdout().contains("refusing the hub at " + at + ": its TLS certificate has fingerprint sha256:")
                    && refused.stdout().contains("but the secret file pins sha256:abab"), refused.toString());
            // A spoke without the pin speaks plaintext: the hub refuses it with one line.
            Path noPin = Paths.write(runtime, "no-pin", secret + "\n");
            var plain = spoke(at, noPin);
            assertEquals(3, plain.exitCode(), plain.toString());
            assertTrue(plain.stdout().contains("a hub with --tls answers only spokes given the secret file"), plain.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // the hub's TLS handshake timeout: 10 s
            while (!hub.stderr().contains("plaintext") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            long lines = hub.stderr().lines().filter(l -> l.contains("plaintext")).count();
            assertEquals(1, lines, hub.stderr());
            assertEquals("1", hub.run("print(len(spm.sys.tracker.spokes(('idle',))))"), "the hub goes on");
        }
    }

    /** A hand-started spoke, to its end. */
    private static SpmPython.Result spoke(String hub, Path secretFile) throws Exception {
        Process p = SpmPython.processBuilder(List.of("spoke", "--hub", hub, "--secret-file", secretFile.toString(),
                "--lost-after", "3")).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new SpmPython.Result(p.exitValue(), out, "");
    }

    private static String proc(long pid, String file) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), file)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
