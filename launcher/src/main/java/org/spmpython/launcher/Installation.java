package org.spmpython.launcher;

import java.nio.file.Path;

/**
 * Where this spm-python is installed. bin/spm-python passes its own path and the distribution
 * folder as system properties; the rest is derived from them.
 */
final class Installation {
    private Installation() {
    }

    /** The spm-python command itself: sys.executable, and what starts spokes. */
    static String executable() {
        return System.getProperty("spm.executable", "spm-python");
    }

    /** The launcher's distribution folder (lib/, modules/, compiler/, python/). */
    static Path distribution() {
        String dist = System.getProperty("spm.dist");
        if (dist == null) {
            throw new IllegalStateException("spm.dist is not set: start spm-python through bin/spm-python");
        }
        return Path.of(dist);
    }

    /** spm-python's own Python: the spm package, pool, the legacy loader. */
    static Path stdlib() {
        return distribution().resolve("python");
    }
}
