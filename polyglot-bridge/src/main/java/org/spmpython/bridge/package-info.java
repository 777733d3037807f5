/**
 * The Java engines of spm-python and their Python-facing surface. Today: building the GraalPy
 * contexts every process of spm-python runs Python in ({@link
 * org.spmpython.bridge.PythonContextFactory}) and the runtime facts behind {@code spm.runtime}.
 * Next: the tracker, transport (Netty + msgpack), task managers, timeouts, co-processes, states.
 *
 * <p>Rule: only the thread that owns a context calls into it; Netty threads hand events over a
 * queue (DESIGN §2).
 */
package org.spmpython.bridge;
