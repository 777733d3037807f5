package org.spmpython.natives;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * This process's descendants, found and ended: what a spoke does at the end of each task and at
 * its exit, and the hub at its end, so that nothing a task started by any means (a {@code Popen},
 * a shell's {@code setsid cmd &}, a daemon that double-forked) outlives it. The process is made a
 * child subreaper first ({@link #adoptOrphans}): a descendant whose parent exits is re-parented to
 * it rather than to init, so it stays a descendant and is found. Linux only (/proc's
 * {@code children} lists); elsewhere there is nothing to find and nothing is done.
 */
public final class ProcessTree {
    private ProcessTree() {
    }

    /** Makes this process the subreaper of its descendants; false where the OS does not allow it. */
    public static boolean adoptOrphans() {
        try {
            return LibC.INSTANCE.prctl(LibC.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return false;
        }
    }

    /**
     * The pid the kernel gave last, to any process of the machine (/proc/loadavg); -1 if unknown.
     * Unchanged across a task means nobody forked meanwhile, so the task started no process:
     * {@link #endDescendants} (a read per thread of the JVM, ~1 ms) can be skipped.
     */
    public static long lastPid() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Long.parseLong(fields[fields.length - 1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The children of {@code pid} (of every one of its threads). */
    public static List<Long> children(long pid) {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String text;
                try {
                    text = Files.readString(task.resolve("children"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                for (String word : text.trim().split("\\s+")) {
                    if (!word.isEmpty()) {
                        found.add(Long.parseLong(word));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or no /proc
        }
        return found;
    }

    /** Every descendant of {@code pid}, parents before their children. */
    public static List<Long> descendants(long pid) {
        Set<Long> seen = new LinkedHashSet<>();
        Deque<Long> todo = new ArrayDeque<>(children(pid));
        while (!todo.isEmpty()) {
            long p = todo.removeFirst();
            if (seen.add(p)) {
                todo.addAll(children(p));
            }
        }
        return new ArrayList<>(seen);
    }

    /**
     * Ends every descendant of this process: SIGKILL to each (found again until none is left:
     * one may fork meanwhile), then reaps those that were its own children. A process group's
     * TERM-then-KILL courtesy is the co-processes' (spm.util.coprocess); what is found here was
     * started outside of it and ends at once.
     *
     * @param except pids left alone with their descendants (the spoke processes of a hub)
     * @return how many processes were ended
     */
    public static int endDescendants(Set<Long> except) {
        long self = Posix.pid();
        int ended = 0;
        for (int round = 0; round < 50; round++) {
            List<Long> found = new ArrayList<>();
            for (long child : children(self)) {
                if (!except.contains(child)) {
                    found.add(child);
                    found.addAll(descendants(child));
                }
            }
            found.removeIf(ProcessTree::isZombie);
            if (found.isEmpty()) {
                if (ended == 0) {
                    return 0; // the usual case: nothing was started, nothing to reap
                }
                break;
            }
            for (long p : found) {
                if (LibC.INSTANCE.kill((int) p, LibC.SIGKILL) == 0) {
                    ended++;
                }
            }
            reapChildren(self, except);
        }
        reapChildren(self, except);
        return ended;
    }

    /**
     * Ends the descendants of this process whose environment holds {@code entry} ("NAME=value"),
     * with their own descendants, and reaps those it killed: what a spoke process's tasks started
     * when the spoke itself was killed and could not end them (they were re-parented to the hub).
     *
     * @return how many processes were ended
     */
    public static int endMarked(String entry) {
        byte[] needle = (entry + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long self = Posix.pid();
        Set<Long> killed = new LinkedHashSet<>();
        for (long p : descendants(self)) {
            if (!killed.contains(p) && !isZombie(p) && holds(p, needle)) {
                List<Long> tree = new ArrayList<>(descendants(p));
                tree.add(0, p);
                for (long q : tree) {
                    if (killed.add(q)) {
                        LibC.INSTANCE.kill((int) q, LibC.SIGKILL);
                    }
                }
            }
        }
        for (long p : killed) {
            for (int wait = 0; wait < 20 && !isZombie(p); wait++) {
                sleepBriefly();
            }
            LibC.INSTANCE.waitpid((int) p, null, LibC.WNOHANG); // ours to reap if it was our child
        }
        return killed.size();
    }

    private static boolean holds(long pid, byte[] needle) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException e) {
            return false;
        }
        outer:
        for (int i = 0; i + needle.length <= environ.length; i++) {
            if (i > 0 && environ[i - 1] != 0) {
                continue; // entries start after a NUL
            }
            for (int j = 0; j < needle.length; j++) {
                if (environ[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reaps this process's ended children (orphans it adopted, or a task's); those in {@code except} are not touched. */
    private static void reapChildren(long self, Set<Long> except) {
        for (int wait = 0; wait < 20; wait++) {
            boolean left = false;
            for (long child : children(self)) {
                if (except.contains(child)) {
                    continue;
                }
                if (isZombie(child)) {
                    LibC.INSTANCE.waitpid((int) child, null, LibC.WNOHANG);
                } else {
                    left = true; // killed, on its way out
                }
            }
            if (!left) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close + 2 < stat.length() && (stat.charAt(close + 2) == 'Z' || stat.charAt(close + 2) == 'X');
        } catch (IOException e) {
            return true; // gone
        }
    }
}
