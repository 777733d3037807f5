/**
 * Task manager runs (DESIGN §4, §6): {@link org.spmpython.bridge.run.TaskRun} acquires spokes
 * of a pool as they come, schedules tasks on them with policyA semantics, enforces per-task and
 * per-run timeouts, and turns every task's end into exactly one {@link
 * org.spmpython.bridge.run.TaskReport}. It runs on the interpreter thread, inside
 * {@code manage}; Netty threads only put answers on its queue.
 */
package org.spmpython.bridge.run;
