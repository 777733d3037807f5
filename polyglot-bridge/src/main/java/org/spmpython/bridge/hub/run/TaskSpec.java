package org.spmpython.bridge.hub.run;

/**
 * One task of a run.
 *
 * @param payload the task as the closure's Python packed it (opaque here)
 * @param timeoutSeconds its own timeout (spm.meta.timeout); 0 for none
 * @param relaunchPre run it on a fresh spoke (one that has run no task)
 * @param relaunchPost end its spoke after it (the cloud relaunches its own)
 * @param links what it waits for in a DAG run ({@link Links#NONE} in every other)
 * @param retries how many times it goes again after its spoke died or was lost while it ran
 *     (policyB's spm.meta.retries); 0: at most once (policyA). Never after it raised or passed
 *     its timeout.
 */
public record TaskSpec(byte[] payload, double timeoutSeconds, boolean relaunchPre, boolean relaunchPost, Links links,
        int retries) {

    public TaskSpec {
        if (retries < 0) {
            throw new IllegalArgumentException("a task is retried 0 or more times, not " + retries);
        }
    }

    /** A task evaluated at most once (policyA). */
    public TaskSpec(byte[] payload, double timeoutSeconds, boolean relaunchPre, boolean relaunchPost, Links links) {
        this(payload, timeoutSeconds, relaunchPre, relaunchPost, links, 0);
    }

    public TaskSpec(byte[] payload, double timeoutSeconds, boolean relaunchPre, boolean relaunchPost) {
        this(payload, timeoutSeconds, relaunchPre, relaunchPost, Links.NONE);
    }

    /** A copy that carries other bytes to the spoke (a DAG task with its upstream results). */
    TaskSpec withPayload(byte[] other) {
        return new TaskSpec(other, timeoutSeconds, relaunchPre, relaunchPost, links, retries);
    }

    /** The same task, retried up to {@code n} times after a loss (policyB). */
    public TaskSpec withRetries(int n) {
        return new TaskSpec(payload, timeoutSeconds, relaunchPre, relaunchPost, links, n);
    }

    /**
     * A DAG task's dependencies (DESIGN §4b), by task index; each points to a task pushed before
     * it, so a run's links have no cycles.
     *
     * @param label its spm.meta.label (or "task N"), for the reports of what it takes down with it
     * @param inputs the tasks whose returnValue it receives (references in its fields)
     * @param after the tasks it only runs after ({@code Push(after = ...)})
     */
    public record Links(String label, int[] inputs, int[] after) {
        public static final Links NONE = new Links("", new int[0], new int[0]);
    }
}
