package org.spmpython.bridge.hub.cloud;

/**
 * What {@code --spokes} asks for: {@code local:N} (N spoke processes of the local virtual cloud),
 * {@code threads:N} (N spokes on threads of the hub's JVM) or {@code none}. The default is one
 * local spoke process per core.
 */
public record SpokePlan(int localSpokes, Placement placement) {
    /** Where the local cloud's spokes run. */
    public enum Placement {
        /** Each in a process of its own: a crash of one touches nothing else. */
        PROCESSES,
        /** Each on a thread of the hub's JVM, a GraalPy context of its own: ready in a fraction of a second. */
        THREADS
    }

    private static final int MAX = 1024;
    /**
     * Spoke threads are GraalPy contexts in the hub's JVM, ~2.5 MB and ~25 ms each to make and
     * end (threads:1000 took 26 s to exit and 2.5 GB): bounded, where processes are not.
     */
    static final int MAX_THREADS = 128;

    /**
     * Reads {@code --spokes}; null or "" is the default.
     *
     * @throws IllegalArgumentException saying what it takes
     */
    public static SpokePlan parse(String value) {
        return parse(value, "--spokes");
    }

    /**
     * Reads {@code --spokes} or the variable that gives its default, named in errors as {@code source}.
     *
     * @throws IllegalArgumentException saying what it takes
     */
    public static SpokePlan parse(String value, String source) {
        if (value == null || value.isEmpty()) {
            return new SpokePlan(Runtime.getRuntime().availableProcessors(), Placement.PROCESSES);
        }
        if (value.equals("none")) {
            return new SpokePlan(0, Placement.PROCESSES);
        }
        for (Placement placement : Placement.values()) {
            String prefix = placement == Placement.PROCESSES ? "local:" : "threads:";
            if (value.startsWith(prefix)) {
                try {
                    int n = Integer.parseInt(value.substring(prefix.length()));
                    int max = placement == Placement.THREADS ? MAX_THREADS : MAX;
                    if (n > max && n <= MAX) {
                        throw new IllegalArgumentException(source + " takes at most " + max + " spoke threads, not " + n
                                + " (each is a Python context in the hub's memory; local:N starts processes)");
                    }
                    if (n >= 0 && n <= max) {
                        return new SpokePlan(n, placement);
                    }
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
        }
        throw new IllegalArgumentException(source + " takes local:N (N from 0 to " + MAX + "), threads:N (to "
                + MAX_THREADS + ") or none, not '" + value + "'");
    }

    /** How this plan's spokes are started. */
    public SpokeLauncher launcher(String executable) {
        return placement == Placement.THREADS ? new ThreadLauncher() : new ProcessLauncher(executable);
    }
}
