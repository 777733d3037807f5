/**
 * The event core of every task manager (DESIGN §4a). A run is a state machine, {@link
 * org.spmpython.bridge.hub.run.RunCore}: {@link org.spmpython.bridge.hub.run.RunEvent}s in (a
 * spoke booting, ready, busy, leaving or lost; a task done with its status; a message; a tick; a
 * callback that raised), {@link org.spmpython.bridge.hub.run.RunCommand}s out (acquire, dispatch,
 * deliver, end a spoke, report, release), no I/O and no clock of its own. What differs between
 * managers is a small {@link org.spmpython.bridge.hub.run.Policy} ({@link
 * org.spmpython.bridge.hub.run.ListPolicy}, {@link org.spmpython.bridge.hub.run.TemplatePolicy}, {@link
 * org.spmpython.bridge.hub.run.DagPolicy}, {@link org.spmpython.bridge.hub.run.FineLimitedPolicy}, {@link
 * org.spmpython.bridge.hub.run.FineGeneralPolicy}), made with its tasks by a {@link
 * org.spmpython.bridge.hub.run.Manager}. Two mechanisms of the core are a policy's to switch on:
 * a run whose tasks fail as one unit ({@link org.spmpython.bridge.hub.run.Policy#failsAsOneUnit})
 * and a run that is stuck ({@link org.spmpython.bridge.hub.run.Policy#stuck}), e.g. deadlocked. {@link
 * org.spmpython.bridge.hub.run.RunLoop} drives a core on the interpreter thread inside {@code
 * manage}: it feeds it what its {@link org.spmpython.bridge.hub.run.Spokes} put in its inbox and
 * carries out its commands, flushing what it wrote to the spokes once before it waits (batching).
 * {@link org.spmpython.bridge.hub.run.Pool} is the one pool rule. A spoke may hold several of a
 * run's tasks, the first running and the others queued on it (pipelining, docs/PIPELINING.md):
 * how many is the {@link org.spmpython.bridge.hub.run.Window}'s, within the run's {@code maxQueue},
 * for the policies that allow it ({@link org.spmpython.bridge.hub.run.Policy#queuesOnSpokes}).
 *
 * <p>May use: {@code wire} (the task status). Nothing else: the tracker is reached through the
 * {@link org.spmpython.bridge.hub.run.Spokes} port, so a test drives a run with a fake one.
 */
package org.spmpython.bridge.hub.run;
