package org.spmpython.bridge.hub.cloud;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code --spokes} asks for: one term or several, comma-separated: {@code local:N} (N spoke
 * processes of the local virtual cloud), {@code threads:N} (N spokes on threads of the hub's JVM),
 * {@code ssh:HOST[:N]} (N spokes, 1 by default, started over SSH on HOST), {@code slurm[:N]} (N
 * spokes, by default one per allocated CPU, as steps of the Slurm allocation the hub runs in) or
 * {@code none}. The default is one local spoke process per core (docs/CLUSTER.md: inside a Slurm
 * allocation the launcher asks for {@code slurm}).
 *
 * @param localSpokes how many spokes of this server
 * @param remotes the spokes of other places (SSH hosts, a Slurm allocation), in the order given
 */
public record SpokePlan(int localSpokes, Placement placement, List<Remote> remotes) {
    /** Where the local cloud's spokes run. */
    public enum Placement {
        /** Each in a process of its own: a crash of one touches nothing else. */
        PROCESSES,
        /** Each on a thread of the hub's JVM, a GraalPy context of its own: ready in a fraction of a second. */
        THREADS
    }

    /** Spokes of another place. */
    public enum Via {
        SSH,
        SLURM
    }

    /**
     * @param host the SSH host (an alias of the user's ssh config will do); null for Slurm
     * @param spokes how many; 0 for Slurm's "one per allocated CPU"
     */
    public record Remote(Via via, String host, int spokes) {
    }

    public SpokePlan(int localSpokes, Placement placement) {
        this(localSpokes, placement, List.of());
    }

    public SpokePlan {
        remotes = List.copyOf(remotes);
    }

    /** True when spokes run elsewhere: the tracker must listen beyond loopback. */
    public boolean reachesOtherMachines() {
        return !remotes.isEmpty();
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
        int local = -1;
        Placement placement = Placement.PROCESSES;
        List<Remote> remotes = new ArrayList<>();
        for (String term : value.split(",", -1)) {
            if (term.equals("slurm") || term.startsWith("slurm:")) {
                if (remotes.stream().anyMatch(r -> r.via() == Via.SLURM)) {
                    throw new IllegalArgumentException(source + " names slurm twice in '" + value + "'");
                }
                remotes.add(new Remote(Via.SLURM, null, term.equals("slurm") ? 0 : count(term.substring(6), term, source)));
            } else if (term.startsWith("ssh:")) {
                remotes.add(ssh(term, source));
            } else {
                SpokePlan one = localTerm(term, value, source);
                if (local >= 0) {
                    throw new IllegalArgumentException(source + " takes one local:N or threads:N, not two in '" + value + "'");
                }
                local = one.localSpokes();
                placement = one.placement();
            }
        }
        return new SpokePlan(Math.max(local, 0), placement, remotes);
    }

    /** {@code ssh:HOST[:N]}: HOST may be user@host, an alias, or [v6 address]. */
    private static Remote ssh(String term, String source) {
        String rest = term.substring(4);
        int colon = rest.lastIndexOf(':');
        int spokes = 1;
        if (colon > 0 && !rest.endsWith("]") && rest.indexOf(':') == colon) {
            spokes = count(rest.substring(colon + 1), term, source);
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty() || rest.startsWith("-") || !rest.chars().allMatch(c -> c > ' ' && c != '\'' && c != '"')) {
            throw new IllegalArgumentException(source + " takes ssh:HOST[:N], not '" + term + "'");
        }
        return new Remote(Via.SSH, rest, spokes);
    }

    private static int count(String n, String term, String source) {
        try {
            int spokes = Integer.parseInt(n);
            if (spokes >= 1 && spokes <= MAX) {
                return spokes;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException(source + " takes a count from 1 to " + MAX + " in '" + term + "'");
    }

    private static SpokePlan localTerm(String term, String value, String source) {
        for (Placement placement : Placement.values()) {
            String prefix = placement == Placement.PROCESSES ? "local:" : "threads:";
            if (term.startsWith(prefix)) {
                try {
                    int n = Integer.parseInt(term.substring(prefix.length()));
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
                + MAX_THREADS + "), ssh:HOST[:N], slurm[:N] or none, comma-separated, not '" + value + "'");
    }

    /** How this plan's spokes are started. */
    public SpokeLauncher launcher(String executable) {
        return placement == Placement.THREADS ? new ThreadLauncher() : new ProcessLauncher(executable);
    }
}
