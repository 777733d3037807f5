package org.spmpython.bridge.hub.run;

import java.util.HashSet;
import java.util.Set;

/**
 * {@code macro.*.template.grainCoarse.policyA}: one copy of the template per spoke of the pool;
 * a spoke runs at most one copy.
 */
final class TemplatePolicy implements Policy {
    private final Set<Integer> ranACopy = new HashSet<>();

    @Override
    public int next(RunView run, int spokeId) {
        return ranACopy.contains(spokeId) ? NONE : run.firstPending();
    }

    @Override
    public void dispatched(int task, int spokeId) {
        ranACopy.add(spokeId);
    }
}
