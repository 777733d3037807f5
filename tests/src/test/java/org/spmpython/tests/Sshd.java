package org.spmpython.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server on loopback for one test class: its own config, port, host key, and a
 * user key made here; an ssh config with host aliases ({@code alpha}, {@code beta}) that reach it,
 * so that spokes on the two "servers" differ by name. Sessions carry the leak check's mark
 * (sshd's SetEnv), so a spoke left behind fails the test. Stopped by {@link #close()}.
 */
final class Sshd implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final Process process;

    private Sshd(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Starts it, or skips the class loudly ({@link Cluster}) if this machine has no sshd. */
    static Sshd start() throws IOException, InterruptedException {
        if (!Files.isExecutable(SSHD)) {
            Cluster.unavailable("sshd", SSHD + " is not installed (apt-get install openssh-server)");
        }
        Path dir = Paths.newScratchDir("sshd");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("user_key").toString());
        Files.copy(dir.resolve("user_key.pub"), dir.resolve("authorized_keys"));
        Files.createDirectories(Path.of("/run/sshd")); // its privilege separation folder
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = 20000 + (int) (Math.random() * 30000);
            Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                    "Port " + port,
                    "ListenAddress 127.0.0.1",
                    "HostKey " + dir.resolve("host_key"),
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password",
                    "StrictModes no",
                    "UsePAM no",
                    "PidFile " + dir.resolve("sshd.pid"),
                    "SetEnv " + ProcessLeakCheck.markAssignment(),
                    ""));
            Files.writeString(dir.resolve("ssh_config"), String.join("\n",
                    "Host alpha beta",
                    "  HostName 127.0.0.1",
                    "  Port " + port,
                    "  User " + System.getProperty("user.name"),
                    "  IdentityFile " + dir.resolve("user_key"),
                    "  IdentitiesOnly yes",
                    "  UserKnownHostsFile " + dir.resolve("known_hosts"),
                    "  StrictHostKeyChecking accept-new",
                    ""));
            // Not marked itself: it outlives each test, and is stopped after the class.
            Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
            Sshd server = new Sshd(dir, sshd);
            if (server.answers()) {
                return server;
            }
            server.close();
        }
        Cluster.unavailable("sshd", "it did not answer on loopback; see " + dir.resolve("sshd.log"));
        return null;
    }

    private boolean answers() throws IOException, InterruptedException {
        for (int i = 0; i < 50 && process.isAlive(); i++) {
            Process p = new ProcessBuilder("ssh", "-F", config().toString(), "-o", "BatchMode=yes", "alpha", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return true;
            }
            p.destroyForcibly();
            Thread.sleep(100);
        }
        return false;
    }

    /** The ssh config with the aliases. */
    Path config() {
        return dir.resolve("ssh_config");
    }

    /** {@code SPM_SSH_COMMAND} for a hub whose spokes go through this server. */
    String sshCommand() {
        return "ssh -F " + config();
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("sshd.log"));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
