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
     * Reads {@code --spokes} (or SPM_SPOKES); null or "" is the default.
     *
     * @throws IllegalArgumentException saying what it takes
     */
    public static SpokePlan parse(String value) {
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
                    if (n >= 0 && n <= MAX) {
                        return new SpokePlan(n, placement);
                    }
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
        }
        throw new IllegalArgumentException("--spokes takes local:N or threads:N (N from 0 to " + MAX + ") or none, not '"
                + value + "'");
    }

    /** How this plan's spokes are started. */
    public SpokeLauncher launcher(String executable) {
        return placement == Placement.THREADS ? new ThreadLauncher() : new ProcessLauncher(executable);
    }
}
