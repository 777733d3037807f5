package org.spmpython.bridge.hub.run;

import java.util.List;

import org.spmpython.bridge.wire.TaskStatus;

/**
 * How one kind of task manager interprets a run's events (DESIGN §4a). {@link RunCore} keeps the
 * bookkeeping every manager shares — spokes held, tasks pending, running and reported, timeouts,
 * relaunchPre/Post, exactly one report per task — and asks its policy only what differs.
 *
 * <p>Adding a manager: a policy (and a {@link Manager} that makes it). A manager that needs a
 * decision this interface does not offer gets a new method here with a default that leaves the
 * existing policies as they are — never a copy of the core.
 */
public interface Policy {
    /** {@link #next}'s answer when the spoke is to stay idle. */
    int NONE = -1;

    /**
     * Which pending task a held, idle spoke runs next; {@link #NONE} to leave it idle. The core
     * asks for each such spoke, in the order it took them, whenever something changed.
     */
    int next(RunView run, int spokeId);

    /** The task went to the spoke. */
    default void dispatched(int task, int spokeId) {
    }

    /**
     * The spoke running {@code task} died or was lost (not a task that raised or passed its
     * timeout): true to put the task back to run on another spoke, false to report it {@code
     * SPMTaskDropped}. By default as its {@link TaskSpec#retries} say: policyB's tasks go again
     * while they have tries left, policyA's (no retries) are evaluated at most once; never the
     * ranks of a run that fails as one unit.
     */
    default boolean retryAfterLoss(RunView run, int task) {
        return !failsAsOneUnit() && run.tries(task) <= run.task(task).retries();
    }

    /**
     * A task dispatched before waits again, never started (it was queued on a spoke that was
     * lost) or to be retried ({@link #retryAfterLoss}): {@link #next} may choose it again. It goes
     * as {@link #outgoing} made it the first time.
     */
    default void requeued(int task) {
    }

    /**
     * What goes to the spoke for the task about to be dispatched: its spec as pushed, or (a DAG)
     * one that carries its upstream results too.
     */
    default TaskSpec outgoing(RunView run, int task) {
        return run.task(task);
    }

    /**
     * The task was reported (whatever the reason): the tasks that can no longer run because of it,
     * each reported {@code SPMTaskDropped} with its reason (a DAG's dependents of a failed task).
     * The core reports them in turn, telling the policy each, so a drop may lead to more.
     */
    default List<Drop> reported(RunView run, int task, TaskStatus status, byte[] payload, String error) {
        return List.of();
    }

    /**
     * True when the run's tasks may talk to the hub (fine grain): their messages go to the hub's
     * callback and its replies back to them. Otherwise a task's message is ignored (its Python
     * refuses to send one outside a fine-grain run).
     */
    default boolean takesMessages() {
        return false;
    }

    /**
     * A running task's message (fine grain): null to hand it to the hub's callback (when {@link
     * #takesMessages}), else the messages it makes for tasks of the run (fine grain general:
     * rank to rank, through the hub). A message for a task not started yet waits for its
     * dispatch; one for a task that ended is dropped.
     */
    default List<Send> route(RunView run, int task, byte[] body, long now) {
        return null;
    }

    /**
     * True when the run's tasks fail as one unit (fine grain general, an MPI job): the first that
     * does not finish normally ends every other, each reported {@code SPMTaskDropped} naming it,
     * and every spoke of the run is ended (the cloud relaunches its own).
     */
    default boolean failsAsOneUnit() {
        return false;
    }

    /**
     * Why the run's running tasks can never go on (a deadlock), or null; asked after every event.
     * The core then ends the run as one unit with this reason.
     */
    default String stuck(RunView run, long now) {
        return null;
    }

    /**
     * True when a spoke may hold several of the run's tasks at once, the first running and the
     * others queued on the spoke (pipelining, up to the run's {@link Window}). Not for tasks that
     * talk to the hub or to each other while they run, nor for ranks that fail as one unit: those
     * run one per spoke, each started as soon as it is dispatched.
     */
    default boolean queuesOnSpokes() {
        return !takesMessages() && !failsAsOneUnit();
    }

    /** A message for a task of the run. */
    record Send(int task, byte[] body) {
    }

    /** A pending task the policy says is to be reported dropped, and why. */
    record Drop(int task, String why) {
    }
}
