package org.spmpython.bridge.python;

import java.nio.file.Path;

/**
 * Where this spm-python is installed. bin/spm-python passes its own path and the distribution
 * folder as system properties; the rest is derived from them.
 */
public final class Installation {
    private Installation() {
    }

    /** The spm-python command itself: sys.executable, and what starts spokes. */
    public static String executable() {
        return System.getProperty("spm.executable", "spm-python");
    }

    /** The launcher's distribution folder (lib/, modules/, compiler/, python/, libexec/). */
    public static Path distribution() {
        String dist = System.getProperty("spm.dist");
        if (dist == null) {
            throw new IllegalStateException("spm.dist is not set: start spm-python through bin/spm-python");
        }
        return Path.of(dist);
    }

    /** The name of this server, as its spokes report it (the host name). */
    public static String serverName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** An owner-only folder for this user's live hub sessions (secrets, spoke logs). */
    public static Path runtimeDir() {
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "spm-python");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "spm-python-" + System.getProperty("user.name"));
    }

    /** The program every co-process runs under, so that it dies with its spoke (native/src/main/c). */
    public static Path coprocessGuard() {
        return distribution().resolve("libexec/spm-coproc-guard");
    }

    /** spm-python's own Python: the spm package, pool, the legacy loader. */
    public static Path stdlib() {
        return distribution().resolve("python");
    }
}
