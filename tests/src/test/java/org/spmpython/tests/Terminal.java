package org.spmpython.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;

/**
 * spm-python on a pseudo-terminal (pty4j), as a person at a terminal would use it: type keys,
 * wait for text to appear. What the program printed is kept with terminal escapes removed.
 */
final class Terminal implements AutoCloseable {
    static final String TAB = "\t";
    static final String CTRL_C = "\u0003";
    static final String CTRL_D = "\u0004";
    static final String ENTER = "\r";
    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]|\u001b[=>()][0-9A-Za-z]?|\r");

    private final PtyProcess process;
    private final StringBuffer screen = new StringBuffer();
    private final OutputStream keys;

    private Terminal(PtyProcess process) {
        this.process = process;
        this.keys = process.getOutputStream();
        Thread reader = new Thread(this::readAll, "pty-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static Terminal start(List<String> args, Map<String, String> extraEnv) {
        ProcessBuilder template = SpmPython.processBuilder(args);
        Map<String, String> env = new HashMap<>(template.environment());
        env.put("TERM", "xterm");
        env.putAll(extraEnv);
        try {
            PtyProcess p = new PtyProcessBuilder(template.command().toArray(String[]::new))
                    .setEnvironment(env)
                    .setDirectory(Paths.scratch().toString())
                    .setInitialColumns(120)
                    .setInitialRows(40)
                    .start();
            return new Terminal(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readAll() {
        byte[] buf = new byte[4096];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                screen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // the terminal closed
        }
    }

    Terminal type(String text) {
        try {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ctrl-C as a terminal with ISIG delivers it: SIGINT to the program, the key itself consumed
     * (pty4j's terminal does not make the program its foreground process group, so its line
     * discipline cannot). A terminal without ISIG delivers the key instead: {@code type(CTRL_C)}.
     */
    Terminal ctrlC() {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return this;
    }

    /** Everything shown so far, escape sequences removed. */
    String text() {
        return ESCAPES.matcher(screen.toString()).replaceAll("");
    }

    /** Waits until the text shown since {@code from} contains {@code expected}; returns its end. */
    int await(String expected, int from, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String shown = text();
            int at = shown.indexOf(expected, Math.min(from, shown.length()));
            if (at >= 0) {
                return at + expected.length();
            }
            sleep(50);
        }
        throw new AssertionError("the terminal did not show '" + expected + "' within " + limit
                + "; it shows:\n" + text().substring(Math.min(from, text().length())));
    }

    int await(String expected, int from) {
        return await(expected, from, Duration.ofSeconds(60));
    }

    /** Waits for the program to end; returns its exit status. */
    int exitCode(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("spm-python did not end within " + limit + "; it shows:\n" + text());
        }
        return process.exitValue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            ProcessHandle.of(process.pid()).ifPresent(ProcessLeakCheck::killTree);
        }
    }

    static List<String> args(String... args) {
        return new ArrayList<>(List.of(args));
    }
}
