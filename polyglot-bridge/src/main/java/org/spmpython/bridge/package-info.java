/**
 * The Java engines of spm-python and their Python-facing surface: the GraalPy contexts every
 * process runs Python in ({@link org.spmpython.bridge.PythonContextFactory}), and the objects
 * Python reaches through the polyglot bindings — {@link org.spmpython.bridge.RuntimeInfo}
 * ({@code spm.runtime}), {@link org.spmpython.bridge.SessionState} ({@code spm.sys.sstat/pstat}),
 * {@link org.spmpython.bridge.HubServices} (the hub's tracker and runs),
 * {@link org.spmpython.bridge.SpokeServices} (code shipping), {@link
 * org.spmpython.bridge.CoprocessGroups} and {@link org.spmpython.bridge.TaskClock}. The transport
 * and tracker are in {@code transport}, task manager runs in {@code run}.
 *
 * <p>Rule: only the thread that owns a context calls into it; Netty threads hand events over
 * queues and futures (DESIGN §2).
 */
package org.spmpython.bridge;
