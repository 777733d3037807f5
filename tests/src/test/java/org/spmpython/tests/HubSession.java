package org.spmpython.tests;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A hub a test talks to as a person at a piped REPL would: {@code spm-python -q -i ...}, one
 * statement at a time, reading what it prints. Between statements the REPL idles.
 */
final class HubSession implements AutoCloseable {
    private static final String END = "<<spm-test-end>>";
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    /** Where the hub writes its invariants' verdict ({@link InvariantVerdicts}), or null. */
    private final java.nio.file.Path verdict;

    private HubSession(Process process, String verdict) {
        this.process = process;
        this.verdict = verdict == null ? null : java.nio.file.Path.of(verdict);
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the hub ended
            }
        }, "hub-stdout");
        reader.setDaemon(true);
        reader.start();
        SpmPython.pump(process.getErrorStream(), stderr);
    }

    static HubSession start(String... args) {
        return start(List.of("-q", "-i"), args);
    }

    /** Without {@code -q}: what the hub prints at start (its banner, the dashboard's URL) is on stderr. */
    static HubSession startUnquiet(String... args) {
        return start(List.of("-i"), args);
    }

    /** With these environment variables besides the tests' own. */
    static HubSession startWith(java.util.Map<String, String> env, String... args) {
        return start(List.of("-q", "-i"), env, args);
    }

    private static HubSession start(List<String> flags, String... args) {
        return start(flags, java.util.Map.of(), args);
    }

    private static HubSession start(List<String> flags, java.util.Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(flags);
        command.addAll(List.of(args));
        try {
            ProcessBuilder pb = SpmPython.processBuilder(command);
            pb.environment().putAll(env);
            return new HubSession(pb.start(), pb.environment().get(InvariantVerdicts.VARIABLE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * The hub's stderr once it matches {@code regex} (whole text, DOTALL), or as it is after
     * {@code seconds}: a spoke's output comes on a path of its own (a slot log the hub follows),
     * so it may come after the report of the task that printed it.
     */
    String stderrOnceItMatches(String regex, int seconds) throws InterruptedException {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex, java.util.regex.Pattern.DOTALL);
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        String text = stderr();
        while (!pattern.matcher(text).matches() && System.nanoTime() < until) {
            Thread.sleep(100);
            text = stderr();
        }
        return text;
    }

    /** Runs one line of Python at the prompt; returns what it printed (without the last newline). */
    String run(String python) {
        return run(python, Duration.ofSeconds(120));
    }

    String run(String python, Duration limit) {
        send(python + "\nprint(" + quoted(END) + ")\n");
        StringBuilder out = new StringBuilder();
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String line;
            try {
                line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (line == null) {
                throw new AssertionError("no answer to `" + python + "` within " + limit
                        + "\nprinted so far: " + out + "\nstderr: " + stderr());
            }
            if (line.equals(END)) {
                return out.length() == 0 ? "" : out.substring(0, out.length() - 1);
            }
            out.append(line).append('\n');
        }
    }

    /**
     * Asks again every 200 ms until the answer satisfies {@code ok}; returns it. Each ask is one
     * short statement at the prompt, so asking often costs the hub little, and a test goes on as
     * soon as the state is there (1.5 s between asks cost the suite most of a minute).
     */
    String awaitAnswer(String python, Predicate<String> ok, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String answer = null;
        while (System.nanoTime() < deadline) {
            answer = run(python);
            if (ok.test(answer)) {
                return answer;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + ": not within " + limit + "; last answer: " + answer + "\nstderr: " + stderr());
    }

    /** Waits until the tracker has {@code n} idle spokes. */
    void awaitIdleSpokes(int n) throws InterruptedException {
        awaitAnswer("print(len(spm.sys.tracker.spokes(('idle',))))", a -> a.equals(Integer.toString(n)),
                Duration.ofSeconds(150), n + " idle spokes");
    }

    /** Pids of the spokes in {@code states}, by spoke id. */
    List<Long> spokePids(String... states) {
        String answer = run("print(' '.join(str(s.pid) for s in spm.sys.tracker.spokes(" + pyTuple(states) + ")))");
        List<Long> pids = new ArrayList<>();
        for (String p : answer.trim().split("\\s+")) {
            if (!p.isEmpty()) {
                pids.add(Long.parseLong(p));
            }
        }
        return pids;
    }

    void send(String text) {
        try {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Process process() {
        return process;
    }

    static String quoted(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }

    private static String pyTuple(String... items) {
        StringBuilder b = new StringBuilder("(");
        for (String s : items) {
            b.append(quoted(s)).append(',');
        }
        return b.append(')').toString();
    }

    /**
     * Ends the session with exit() and waits for the hub; kills it if it does not end. A hub that
     * ended so must have written a clean verdict on its invariants (offline, every spoke released).
     */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                send("exit()\n");
            } catch (UncheckedIOException ignored) {
                // already closed
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                ProcessLeakCheck.killTree(process.toHandle());
                return;
            }
            if (process.exitValue() != 0) {
                return; // it did not end by our exit() (a test killed it, or it failed: the test says so)
            }
            String exit = verdict == null ? "exit: ok" : InvariantVerdicts.exitLine(verdict);
            if (!exit.startsWith("exit: ok")) {
                throw new AssertionError("the hub ended by exit() without a clean verdict on its invariants: '" + exit
                        + "' " + InvariantVerdicts.violations(verdict));
            }
        }
    }
}
