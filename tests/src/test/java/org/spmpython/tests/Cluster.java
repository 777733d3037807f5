package org.spmpython.tests;

import org.junit.jupiter.api.Assumptions;

/**
 * The cluster engines the tests start on this machine (a real sshd, a real Slurm): when one
 * cannot start, its tests skip with a loud message, unless {@value #EXPECT} is set (.ci/run sets
 * it, having installed them): then they fail.
 */
final class Cluster {
    static final String EXPECT = "SPM_TEST_EXPECT_CLUSTER";

    private Cluster() {
    }

    /** Skips (or fails, when expected) with {@code why}, loudly. */
    static void unavailable(String what, String why) {
        String message = "*** " + what + " cannot start on this machine, so its tests do not run: " + why + " ***";
        System.err.println(message);
        if (System.getenv(EXPECT) != null) {
            throw new AssertionError(message + " (" + EXPECT + " is set: it was expected)");
        }
        Assumptions.abort(message);
    }
}
