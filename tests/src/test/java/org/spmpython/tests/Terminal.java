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
    static final String SHELL_PROMPT = "shell$ ";
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
        return open(template.command(), template.environment(), extraEnv);
    }

    /**
     * An interactive bash on the pseudo-terminal (job control on, prompt {@link #SHELL_PROMPT}),
     * for what needs a shell: Ctrl-Z, then {@code fg}. Type {@link #command} lines into it.
     */
    static Terminal shell(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putIfAbsent("PS1", SHELL_PROMPT);
        return open(List.of("bash", "--norc", "--noprofile", "-i"), SpmPython.processBuilder(List.of()).environment(), env);
    }

    /** {@code command} on a 120x40 pseudo-terminal in the scratch folder, with the test's environment. */
    private static Terminal open(List<String> command, Map<String, String> base, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(base);
        env.put("TERM", "xterm");
        env.putAll(extraEnv);
        try {
            PtyProcess p = new PtyProcessBuilder(command.toArray(String[]::new))
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

    /** The spm-python command line with {@code args}, quoted for the shell. */
    static String command(String... args) {
        StringBuilder line = new StringBuilder();
        for (String word : SpmPython.processBuilder(List.of(args)).command()) {
            line.append(line.isEmpty() ? "" : " ").append("'").append(word.replace("'", "'\\''")).append("'");
        }
        return line.toString();
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
     * Ctrl-C as a person types it: the key goes to the terminal, whose line discipline (ISIG) turns
     * it into SIGINT for its foreground process group, the program's (pty4j makes it a session
     * leader on the pty: {@link #assertForeground}). JLine reads with ISIG on, so at the prompt too.
     */
    Terminal ctrlC() {
        return type(CTRL_C);
    }

    /** Ctrl-Z as typed: SIGTSTP from the line discipline to the foreground process group. */
    Terminal ctrlZ() {
        return type("\u001a");
    }

    /**
     * Asserts that the program is its terminal's foreground process group, so that the keys
     * {@link #ctrlC} and {@link #ctrlZ} type reach it as signals from the line discipline.
     */
    void assertForeground() {
        String[] stat = ProcStat.of(process.pid());
        if (stat == null || !stat[ProcStat.PGRP].equals(stat[ProcStat.TPGID])) {
            throw new AssertionError("spm-python (" + process.pid() + ") is not its terminal's foreground group: "
                    + (stat == null ? "no /proc entry" : "pgrp " + stat[ProcStat.PGRP] + ", tpgid " + stat[ProcStat.TPGID]));
        }
    }

    long pid() {
        return process.pid();
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
