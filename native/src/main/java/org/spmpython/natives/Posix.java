package org.spmpython.natives;

/** What the Java side asks of the operating system, in Java terms. */
public final class Posix {
    public static final int STDIN = 0;
    public static final int STDOUT = 1;

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

    public static long pid() {
        return ProcessHandle.current().pid();
    }
}
