package org.spmpython.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/spm-python} as a user would: a subprocess with arguments, stdin, environment
 * and working folder, and what it printed. Every process it starts carries {@link
 * ProcessLeakCheck}'s marker in its environment, so the leak check finds it and its children.
 */
final class SpmPython {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private final List<String> unset = new ArrayList<>();
    private String stdin = "";
    private Path workDir = Paths.root();
    private Duration timeout = DEFAULT_TIMEOUT;

    static SpmPython with(String... args) {
        SpmPython run = new SpmPython();
        run.args.addAll(List.of(args));
        return run;
    }

    SpmPython stdin(String text) {
        this.stdin = text;
        return this;
    }

    SpmPython env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs without this variable (one processBuilder sets, such as SPM_SPOKES). */
    SpmPython without(String name) {
        unset.add(name);
        return this;
    }

    SpmPython in(Path folder) {
        this.workDir = folder;
        return this;
    }

    SpmPython timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** The command line, for processes a test drives itself. */
    static ProcessBuilder processBuilder(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.launcher().toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        ProcessLeakCheck.mark(pb.environment());
        InvariantVerdicts.ask(pb.environment()); // a hub writes its invariants' verdict there (checked after each test)
        // No spokes unless a test asks for them (--spokes or SPM_SPOKES): every JVM costs seconds.
        pb.environment().put("SPM_SPOKES", "none");
        pb.environment().put("SPM_PYTHON_HISTORY", Paths.scratch().resolve("history").toString());
        return pb;
    }

    Result run() {
        ProcessBuilder pb = processBuilder(args).directory(workDir.toFile());
        pb.environment().putAll(env);
        unset.forEach(pb.environment()::remove);
        try {
            Process process = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread outPump = pump(process.getInputStream(), out);
            Thread errPump = pump(process.getErrorStream(), err);
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // the program may exit without reading its stdin
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessLeakCheck.killTree(process.toHandle());
                throw new AssertionError("spm-python " + args + " did not finish within " + timeout
                        + "\nstdout: " + out + "\nstderr: " + err);
            }
            outPump.join();
            errPump.join();
            return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Thread pump(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** What a run printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }
}
