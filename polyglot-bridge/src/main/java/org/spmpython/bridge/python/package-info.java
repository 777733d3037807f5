/**
 * GraalPy, and what Python sees of the engine: the contexts every process runs Python in ({@link
 * org.spmpython.bridge.python.PythonContextFactory}, {@link
 * org.spmpython.bridge.python.ContextSettings}, {@link org.spmpython.bridge.python.Installation})
 * and the objects in their polyglot bindings, which only {@code spm/_engine.py} reads: {@link
 * org.spmpython.bridge.python.RuntimeInfo} ({@code spm.runtime}), {@link
 * org.spmpython.bridge.python.SessionState} ({@code spm.sys.sstat/pstat}), {@link
 * org.spmpython.bridge.python.Codes} (the task statuses Python derives its names from), {@link
 * org.spmpython.bridge.python.CoprocessGroups}, {@link org.spmpython.bridge.python.HubServices}
 * and its {@link org.spmpython.bridge.python.RunHandle} (the hub's tracker, pools and runs), {@link
 * org.spmpython.bridge.python.SpokeServices} (code shipping). Requests from Python are read by
 * name ({@link org.spmpython.bridge.python.FromPython}); answers are records; bytes cross as
 * Latin-1 text ({@link org.spmpython.bridge.python.Latin1}).
 *
 * <p>May use: {@code hub}, {@code hub.run}, {@code wire}, the native library. Rule: only the
 * thread that owns a context calls into it (DESIGN §2).
 */
package org.spmpython.bridge.python;
