package org.spmpython.bridge.wire;

import java.util.Locale;

/**
 * How a task ended: the one status report every task gets (DESIGN §6), defined here once. Its
 * code travels on the wire; its label and the Python exception that {@code stage1.payload.tie()}
 * raises for it are what the Python side derives its own names from ({@code spm._engine}).
 */
public enum TaskStatus {
    /** Finished normally. */
    DONE(0, null),
    /** Preloading failed on the spoke (path, import, package resolution). */
    LOAD(1, "SPMTaskLoad"),
    /** The evaluator or the API raised. */
    EVAL(2, "SPMTaskEval"),
    /** Never concluded: its spoke died or was lost, it passed its timeout, or the run ended first. */
    DROPPED(3, "SPMTaskDropped");

    public final int code;
    private final String exception;

    TaskStatus(int code, String exception) {
        this.code = code;
        this.exception = exception;
    }

    public static TaskStatus of(int code) {
        for (TaskStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new ProtocolException("unknown task status " + code);
    }

    /** "done", "load", "eval" or "dropped". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name of the spm exception a task with this status is reported with; null for DONE. */
    public String exception() {
        return exception;
    }

    public static TaskStatus ofLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
