package org.spmpython.bridge.transport;

/**
 * How a task ended: the one status report every task gets (DESIGN §6). The Python side maps
 * each to its exception: {@code SPMTaskDropped}, {@code SPMTaskLoad}, {@code SPMTaskEval}.
 */
public enum TaskStatus {
    /** Finished normally. */
    DONE(0),
    /** Preloading failed on the spoke (path, import, package resolution). */
    LOAD(1),
    /** The evaluator or the API raised. */
    EVAL(2),
    /** Never concluded: its spoke died or was lost, it passed its timeout, or the run ended first. */
    DROPPED(3);

    public final int code;

    TaskStatus(int code) {
        this.code = code;
    }

    public static TaskStatus of(int code) {
        for (TaskStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new ProtocolException("unknown task status " + code);
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
