package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Asserts that a test left no process behind. Every process the tests start carries
 * {@code SPM_TEST_MARK=<this JVM's mark>} in its environment, and children inherit it, so after
 * each test any process whose environment holds the mark is a leak: it is killed, and the test
 * fails. The hubs' own verdicts on the event core's invariants ({@link InvariantVerdicts}) are
 * checked at the same time.
 */
final class ProcessLeakCheck implements AfterEachCallback {
    /** For a class whose tests share a hub: the check runs once, after all of them. */
    static final class AfterAllTests implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            check(context.getDisplayName());
        }
    }

    static final String VARIABLE = "SPM_TEST_MARK";
    private static final String MARK = UUID.randomUUID().toString();
    private static final byte[] NEEDLE = (VARIABLE + "=" + MARK).getBytes(StandardCharsets.UTF_8);

    /** The mark as {@code NAME=value}: for processes that do not inherit the tests' environment (an sshd's sessions). */
    static String markAssignment() {
        return VARIABLE + "=" + MARK;
    }

    static void mark(Map<String, String> environment) {
        environment.put(VARIABLE, MARK);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        check(context.getDisplayName());
    }

    private static void check(String after) throws InterruptedException {
        List<ProcessHandle> left = waitForMarkedToEnd(10_000);
        // Every hub that ended wrote its verdict by now (a hub still running is a leak, below).
        List<String> violated = InvariantVerdicts.violationsSinceLastCheck();
        if (!violated.isEmpty() && left.isEmpty()) {
            fail("the hub's invariants were violated during " + after + ": " + violated);
        }
        if (!left.isEmpty()) {
            List<String> described = new ArrayList<>();
            for (ProcessHandle p : left) {
                described.add(p.pid() + " " + p.info().commandLine().orElse("?"));
                p.destroyForcibly();
            }
            fail("processes left running after " + after + ": " + described
                    + (violated.isEmpty() ? "" : "; and the hub's invariants were violated: " + violated));
        }
    }

    /** Gives processes that are on their way out a moment to go; returns those still there. */
    static List<ProcessHandle> waitForMarkedToEnd(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        List<ProcessHandle> left = marked();
        while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            left = marked();
        }
        return left;
    }

    /**
     * This JVM's live processes whose command line contains {@code fragment}, each described as
     * "PID (group PGID, state S): COMMAND LINE" so that a failing check says what was left.
     */
    static List<String> running(String fragment) {
        List<String> found = new ArrayList<>();
        for (ProcessHandle p : marked()) {
            String command = p.info().commandLine().orElse("");
            if (command.contains(fragment)) {
                found.add(p.pid() + " (" + groupAndState(p.pid()) + "): " + command);
            }
        }
        return found;
    }

    /** Waits up to {@code millis} until none of {@link #running} is left; returns what is. */
    static List<String> awaitGone(String fragment, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        List<String> left = running(fragment);
        while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            left = running(fragment);
        }
        return left;
    }

    private static String groupAndState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return "group " + fields[2] + ", state " + fields[0];
        } catch (IOException | RuntimeException e) {
            return "gone";
        }
    }

    /** Live processes carrying this JVM's mark (zombies excluded: they are reaped by their parent). */
    static List<ProcessHandle> marked() {
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(ProcessLeakCheck::carriesMark)
                    .forEach(p -> ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(found::add));
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return found;
    }

    private static boolean carriesMark(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                return false;
            }
            byte[] env = Files.readAllBytes(proc.resolve("environ"));
            return indexOf(env, NEEDLE) >= 0;
        } catch (IOException | RuntimeException e) {
            return false; // gone, or not ours to read
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static void killTree(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }
}
