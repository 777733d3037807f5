package org.spmpython.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real Chromium (Debian's, /usr/bin/chromium) driven through playwright-core by
 * tests/browser/driver.mjs: tabs the test names, JavaScript evaluated in them, clicks,
 * screenshots, and each tab's console errors. playwright-core is installed from the npm registry
 * on first use (npm ci in tests/browser); Chromium is installed by .ci/run. The browser carries
 * the leak check's mark, so a Chromium left running fails the test.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SPM_CHROMIUM", "/usr/bin/chromium"));
    private final Process process;
    private final OutputStream commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();

    private Browser(Process process) {
        this.process = process;
        this.commands = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    answers.add(line);
                }
            } catch (IOException ignored) {
                // the driver ended
            }
        }, "browser-stdout");
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the driver ended
            }
        }, "browser-stderr");
        errors.setDaemon(true);
        errors.start();
    }

    static Browser start() throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError(CHROMIUM + " is missing: install Debian's chromium (apt-get install chromium; .ci/run does)");
        }
        Path dir = Paths.root().resolve("tests/browser");
        if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                throw new AssertionError("npm ci in " + dir + " failed:\n" + out);
            }
        }
        ProcessBuilder pb = new ProcessBuilder("node", "driver.mjs").directory(dir.toFile());
        ProcessLeakCheck.mark(pb.environment());
        pb.environment().put("SPM_CHROMIUM", CHROMIUM.toString());
        Browser browser = new Browser(pb.start());
        return browser;
    }

    /** Opens a tab at {@code url}; returns the HTTP status of the page. */
    int open(String tab, String url) {
        return Integer.parseInt(call("{\"op\":\"open\",\"tab\":" + json(tab) + ",\"url\":" + json(url) + "}"));
    }

    /** Waits until {@code js} (an expression) is truthy in the tab; returns its value as JSON. */
    String waitFor(String tab, String js, Duration limit) {
        return call("{\"op\":\"waitFor\",\"tab\":" + json(tab) + ",\"js\":" + json(js) + ",\"timeout\":" + limit.toMillis()
                + "}", limit.plusSeconds(30), "waiting for `" + js + "` in tab " + tab);
    }

    /** The value of {@code js} in the tab, as JSON. */
    String eval(String tab, String js) {
        return call("{\"op\":\"eval\",\"tab\":" + json(tab) + ",\"js\":" + json(js) + "}");
    }

    void click(String tab, String selector) {
        call("{\"op\":\"click\",\"tab\":" + json(tab) + ",\"selector\":" + json(selector) + "}");
    }

    void screenshot(String tab, Path file) {
        call("{\"op\":\"screenshot\",\"tab\":" + json(tab) + ",\"path\":" + json(file.toString()) + "}");
    }

    /** The tab's console errors and page errors so far, as a JSON list. */
    String errors(String tab) {
        return call("{\"op\":\"errors\",\"tab\":" + json(tab) + "}");
    }

    void closeTab(String tab) {
        call("{\"op\":\"close\",\"tab\":" + json(tab) + "}");
    }

    private String call(String command) {
        return call(command, Duration.ofSeconds(60), command);
    }

    /** Sends one command; returns the answer's value as JSON, or fails with the driver's error. */
    private String call(String command, Duration limit, String what) {
        try {
            commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
            String answer = answers.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (answer == null) {
                throw new AssertionError("the browser did not answer within " + limit + ": " + what + "\n" + stderr());
            }
            if (answer.startsWith("{\"ok\":true,\"value\":")) {
                return answer.substring("{\"ok\":true,\"value\":".length(), answer.length() - 1);
            }
            throw new AssertionError("the browser failed " + what + ": " + answer + "\n" + stderr());
        } catch (IOException e) {
            throw new UncheckedIOException("the browser's driver is gone: " + stderr(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Quits the browser (and its driver); kills them if they do not go. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                commands.write("{\"op\":\"quit\"}\n".getBytes(StandardCharsets.UTF_8));
                commands.flush();
                commands.close();
            } catch (IOException ignored) {
                // already gone
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                ProcessLeakCheck.killTree(process.toHandle());
            }
        }
    }
}
