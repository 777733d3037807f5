package org.spmpython.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.spmpython.bridge.cloud.CloudClient;
import org.spmpython.bridge.cloud.CloudDaemon;
import org.spmpython.bridge.cloud.CloudFolder;
import org.spmpython.bridge.cloud.CloudOptions;
import org.spmpython.bridge.hub.cloud.SpokePlan;
import org.spmpython.bridge.hub.cloud.remote.SlurmAllocation;
import org.spmpython.bridge.python.Installation;
import org.spmpython.bridge.spoke.SpokeCommand;
import org.spmpython.bridge.wire.HostPort;
import org.spmpython.bridge.wire.Secret;

/**
 * {@code spm-python cloud start|status|stop}: this user's persistent cloud (DESIGN §13,
 * docs/CLOUD.md). {@code start} runs the daemon ({@code cloud serve}, {@link CloudDaemon})
 * detached in a session of its own and returns once it accepts sessions; {@code status} lists
 * its spokes and sessions; {@code stop} ends it and everything it started, and is safe to
 * repeat. Each recognizes and removes the folder of a cloud that died.
 */
final class CloudCommand {
    static final String NAME = "cloud";
    /** Exit status of status/start when the cloud is not as asked (none runs; one runs already). */
    static final int EXIT_NOT_SO = 1;
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(30);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private CloudCommand() {
    }

    static int run(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("takes start, status or stop");
        }
        List<String> rest = words.subList(1, words.size());
        CloudFolder folder = new CloudFolder(Installation.runtimeDir());
        PrintStream err = System.err;
        return switch (words.get(0)) {
            case "start" -> start(folder, rest, err);
            case "status" -> status(folder, rest, err);
            case "stop" -> stop(folder, rest, err);
            case "serve" -> CloudDaemon.run(options(rest));
            default -> throw new IllegalArgumentException("takes start, status or stop, not '" + words.get(0) + "'");
        };
    }

    /** The options of {@code start} (and of the daemon it runs). */
    static CloudOptions options(List<String> words) {
        String spokes = null;
        HostPort listen = new HostPort("127.0.0.1", 0);
        HostPort dashboard = null;
        Duration lostAfter = SpokeCommand.DEFAULT_LOST_AFTER;
        boolean wait = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            int eq = word.indexOf('=');
            String option = word.startsWith("--") && eq > 0 ? word.substring(0, eq) : word;
            String inline = option.equals(word) ? null : word.substring(eq + 1);
            switch (option) {
                case "--spokes" -> spokes = inline != null ? inline : value(words, i++, option);
                case "--listen" -> listen = HostPort.parse(inline != null ? inline : value(words, i++, option), "--listen");
                case "--dashboard" -> dashboard = HostPort.parse(inline != null ? inline : value(words, i++, option),
                        "--dashboard");
                case "--lost-after" -> lostAfter = HubOptions.lostAfter(inline != null ? inline : value(words, i++, option));
                case "--wait" -> wait = true;
                default -> throw new IllegalArgumentException("start takes --spokes local:N|threads:N|slurm[:N], --listen HOST:PORT,"
                        + " --dashboard HOST:PORT, --lost-after SECONDS and --wait, not '" + word + "'");
            }
        }
        if (spokes == null && SlurmAllocation.inside(System.getenv())) {
            spokes = "slurm"; // as a hub's default inside an allocation: a spoke per allocated CPU
        }
        SpokePlan plan = SpokePlan.parse(spokes, "--spokes");
        if (plan.remotes().stream().anyMatch(r -> r.via() != SpokePlan.Via.SLURM) || plan.localSpokes() > 0 && !plan.remotes().isEmpty()) {
            throw new IllegalArgumentException("a cloud's spokes are local:N, threads:N or slurm[:N], one of them, not " + spokes);
        }
        if (plan.localSpokes() == 0 && plan.remotes().isEmpty()) {
            throw new IllegalArgumentException("a cloud needs spokes: --spokes local:N or threads:N with N of 1 or more");
        }
        return new CloudOptions(plan, listen, dashboard, lostAfter, wait);
    }

    private static String value(List<String> words, int i, String option) {
        if (i + 1 >= words.size()) {
            throw new IllegalArgumentException("Argument expected for the " + option + " option");
        }
        return words.get(i + 1);
    }

    /**
     * The cloud this folder holds, running: a stale folder is removed with a message; null when
     * none runs.
     */
    private static HostPort running(CloudFolder folder, PrintStream err) throws InterruptedException {
        CloudFolder.State state = folder.state();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (state == CloudFolder.State.STARTING && System.nanoTime() < deadline) {
            Thread.sleep(100);
            state = folder.state();
        }
        switch (state) {
            case NONE -> {
                return null;
            }
            case STALE -> {
                err.println("spm-python cloud: removed the folder of a cloud that is gone" + folder.pid()
                        .map(p -> " (pid " + p + ": killed or crashed)").orElse("") + ": " + folder.dir());
                folder.delete();
                return null;
            }
            case STARTING -> throw new IllegalStateException("the cloud (pid " + folder.pid().orElse(-1L)
                    + ") did not become ready within " + START_LIMIT.toSeconds() + " s; see " + folder.log());
            default -> {
                return folder.address().orElseThrow();
            }
        }
    }

    private static int start(CloudFolder folder, List<String> words, PrintStream err) {
        CloudOptions options = options(words);
        try {
            HostPort address = running(folder, err);
            if (address != null) {
                err.println("spm-python cloud: a cloud runs already (pid " + folder.pid().orElse(-1L)
                        + ", sessions attach at " + address + "); stop it with: spm-python cloud stop");
                return EXIT_NOT_SO;
            }
            return launch(folder, words, options.waitWarm(), err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_NOT_SO;
        } catch (IOException e) {
            err.println("spm-python cloud: cannot start the cloud: " + e.getMessage());
            return EXIT_NOT_SO;
        }
    }

    /** Starts the daemon detached and shows what it says until it is ready (or failed). */
    private static int launch(CloudFolder folder, List<String> words, boolean waitWarm, PrintStream err)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString()); // its own session: the terminal's signals are not its
        }
        command.addAll(List.of(Installation.executable(), NAME, "serve"));
        command.addAll(words);
        Process daemon = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).start();
        String cue = waitWarm ? CloudDaemon.WARM : CloudDaemon.READY;
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals(cue)) {
                        return true;
                    }
                    if (!line.equals(CloudDaemon.READY)) {
                        err.println(line);
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            if (ready.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                return 0;
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            err.println("spm-python cloud: the cloud did not become ready within " + START_LIMIT.toSeconds() + " s");
            daemon.destroyForcibly();
        }
        daemon.waitFor(10, TimeUnit.SECONDS);
        return daemon.isAlive() ? EXIT_NOT_SO : Math.max(daemon.exitValue(), EXIT_NOT_SO);
    }

    private static int status(CloudFolder folder, List<String> words, PrintStream err) {
        noOptions("status", words);
        try {
            HostPort address = running(folder, err);
            if (address == null) {
                err.println("spm-python cloud: no cloud runs (start one with: spm-python cloud start)");
                return EXIT_NOT_SO;
            }
            CloudClient.status(address, Secret.read(folder.secretFile())).forEach(System.out::println);
            return 0;
        } catch (IOException e) {
            err.println("spm-python cloud: " + e.getMessage());
            return EXIT_NOT_SO;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_NOT_SO;
        }
    }

    private static int stop(CloudFolder folder, List<String> words, PrintStream err) {
        noOptions("stop", words);
        try {
            HostPort address = running(folder, err);
            if (address == null) {
                err.println("spm-python cloud: no cloud runs");
                return 0;
            }
            long pid = folder.pid().orElse(-1L);
            Optional<ProcessHandle> daemon = ProcessHandle.of(pid);
            try {
                CloudClient.stop(address, Secret.read(folder.secretFile()));
            } catch (IOException e) {
                err.println("spm-python cloud: " + e.getMessage() + "; killing it (pid " + pid + ")");
                daemon.ifPresent(ProcessHandle::destroyForcibly);
            }
            if (daemon.isPresent() && !awaitEnd(daemon.get(), STOP_LIMIT)) {
                err.println("spm-python cloud: the cloud (pid " + pid + ") did not end within " + STOP_LIMIT.toSeconds()
                        + " s; killed it");
                daemon.get().destroyForcibly();
                awaitEnd(daemon.get(), STOP_LIMIT);
            }
            folder.delete(); // a killed daemon could not
            err.println("spm-python cloud: stopped (pid " + pid + ")");
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_NOT_SO;
        }
    }

    private static boolean awaitEnd(ProcessHandle process, Duration limit) {
        try {
            process.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void noOptions(String verb, List<String> words) {
        if (!words.isEmpty()) {
            throw new IllegalArgumentException(verb + " takes no options, not '" + words.get(0) + "'");
        }
    }
}
