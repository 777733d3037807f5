package org.spmpython.bridge.hub.run;

/**
 * One task of a run.
 *
 * @param payload the task as the closure's Python packed it (opaque here)
 * @param timeoutSeconds its own timeout (spm.meta.timeout); 0 for none
 * @param relaunchPre run it on a fresh spoke (one that has run no task)
 * @param relaunchPost end its spoke after it (the cloud relaunches its own)
 */
public record TaskSpec(byte[] payload, double timeoutSeconds, boolean relaunchPre, boolean relaunchPost) {
}
