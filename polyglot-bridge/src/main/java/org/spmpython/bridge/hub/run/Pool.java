package org.spmpython.bridge.hub.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which spokes a run may use: Python's {@code pool.intraAll()} and its siblings, resolved here,
 * the one place the rule is written (DESIGN §7). {@code pool.Pool.resolve()}, the size of a
 * template run and the spokes a run takes as they come all apply it.
 *
 * @param interServer spokes of every server, or only of the hub's
 * @param onePerServer at most one spoke of each server
 * @param hubServer the hub's server name
 */
public record Pool(boolean interServer, boolean onePerServer, String hubServer) {

    /** The pool in words, for errors: "spokes of the hub's server vm, one per server". */
    public String describe() {
        return (interServer ? "spokes of every server" : "spokes of the hub's server " + hubServer)
                + (onePerServer ? ", one per server" : "");
    }

    /** True when a spoke of this server belongs to the pool (before the one-per-server rule). */
    public boolean admits(String serverName) {
        return interServer || serverName.equals(hubServer);
    }

    /**
     * The pool's spokes among {@code spokes}, by id: those of admitted servers and, with
     * onePerServer, the lowest-id preferred (else lowest-id) spoke of each server.
     */
    public <S> List<S> choose(List<S> spokes, Function<S, Integer> id, Function<S, String> server,
            Predicate<S> preferred) {
        List<S> chosen = new ArrayList<>();
        for (S s : spokes) {
            if (admits(server.apply(s))) {
                chosen.add(s);
            }
        }
        if (onePerServer) {
            chosen.sort(Comparator.comparing((S s) -> !preferred.test(s)).thenComparing(id));
            Set<String> seen = new HashSet<>();
            chosen.removeIf(s -> !seen.add(server.apply(s)));
        }
        chosen.sort(Comparator.comparing(id));
        return chosen;
    }
}
