package org.spmpython.natives;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the Java side asks of the operating system, in Java terms. */
public final class Posix {
    public static final int STDIN = 0;
    public static final int STDOUT = 1;
    /** Cores a pinning mask can name (1024 bits, glibc's cpu_set_t). */
    private static final int MASK_LONGS = 16;

    private Posix() {
    }

    /** True when {@code fd} is a terminal; false as well when the C library cannot be reached. */
    public static boolean isTerminal(int fd) {
        try {
            return LibC.INSTANCE.isatty(fd) == 1;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return false;
        }
    }

    /**
     * Points this process's fds 1 and 2 into a new pipe, so that what anything in the process
     * (and any process it starts) prints can be read from it. Returns the pipe's read end and a
     * copy of the old fd 2: {@code [read, oldStderr]}.
     *
     * @throws IllegalStateException when the C library refuses
     */
    public static int[] stdoutAndStderrIntoPipe() {
        int[] fds = new int[2];
        LibC c = LibC.INSTANCE;
        if (c.pipe(fds) != 0) {
            throw new IllegalStateException("pipe() failed");
        }
        int oldStderr = c.dup(2);
        if (oldStderr < 0 || c.dup2(fds[1], 1) < 0 || c.dup2(fds[1], 2) < 0) {
            throw new IllegalStateException("dup2() failed");
        }
        c.close(fds[1]);
        return new int[] {fds[0], oldStderr};
    }

    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /** The calling thread's kernel id (unique among the processes and threads of this machine). */
    public static long threadId() {
        return LibC.INSTANCE.gettid();
    }

    public static long parentPid() {
        return LibC.INSTANCE.getppid();
    }

    /**
     * Asks the kernel to SIGKILL this process when its parent dies (Linux). Note: "parent" is the
     * thread that started this process, so the parent must start it from a long-lived thread.
     *
     * @return false where the OS does not allow it
     */
    public static boolean dieWithParent() {
        try {
            return LibC.INSTANCE.prctl(LibC.PR_SET_PDEATHSIG, LibC.SIGKILL, 0, 0, 0) == 0;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return false;
        }
    }

    /**
     * True while process {@code pid} is stopped (Ctrl-Z, SIGSTOP, a debugger): its state in
     * /proc is T or t. False when it runs, is gone, or cannot be read.
     */
    public static boolean isStopped(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state == 'T' || state == 't';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Signals every process of a process group; false when the group is gone (or unreachable). */
    public static boolean signalGroup(long pgid, int signal) {
        try {
            return pgid > 1 && LibC.INSTANCE.kill((int) -pgid, signal) == 0;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return false;
        }
    }

    /**
     * Pins every thread of this process to one core (threads started later inherit it from the
     * thread that starts them).
     *
     * @return false where the OS does not allow it (or the core does not exist)
     */
    public static boolean pinToCore(int core) {
        if (core < 0 || core >= MASK_LONGS * 64) {
            return false;
        }
        long[] mask = new long[MASK_LONGS];
        mask[core / 64] = 1L << (core % 64);
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            boolean all = true;
            for (Path task : (Iterable<Path>) tasks::iterator) {
                int tid = Integer.parseInt(task.getFileName().toString());
                all &= LibC.INSTANCE.sched_setaffinity(tid, MASK_LONGS * 8L, mask) == 0;
            }
            return all;
        } catch (IOException | UnsatisfiedLinkError | NoClassDefFoundError | NumberFormatException e) {
            return false;
        }
    }
}
