package org.spmpython.bridge.python;

import java.util.List;

import org.spmpython.bridge.wire.TaskStatus;

/**
 * The engine's codes that Python derives its own from ({@code spm._engine}), so that each is
 * defined once, in Java: today the task statuses and the exceptions they are reported with.
 */
public final class Codes {
    /** Name under which the polyglot bindings carry this object. */
    public static final String BINDING = "spm.codes";

    public List<TaskStatus> taskStatuses() {
        return List.of(TaskStatus.values());
    }
}
