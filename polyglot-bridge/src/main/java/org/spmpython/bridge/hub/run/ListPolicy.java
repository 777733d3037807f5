package org.spmpython.bridge.hub.run;

/** {@code macro.*.list.grainCoarse.policyA}: every pushed task once, in push order, on any spoke. */
final class ListPolicy implements Policy {
    @Override
    public int next(RunView run, int spokeId) {
        return run.firstPending();
    }
}
