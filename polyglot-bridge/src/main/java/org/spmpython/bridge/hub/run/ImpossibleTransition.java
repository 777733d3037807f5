package org.spmpython.bridge.hub.run;

/**
 * The run reached a state its rules exclude (a policy chose a task that is not pending, a task
 * would be reported twice...): a bug, reported with the run's story rather than carried on.
 */
public final class ImpossibleTransition extends IllegalStateException {
    ImpossibleTransition(String what, RunStory story) {
        super(what + "\nthe run's last events:\n" + story.text());
    }
}
