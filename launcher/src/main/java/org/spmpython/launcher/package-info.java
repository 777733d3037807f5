/**
 * The {@code spm-python} command: Python's command line ({@link org.spmpython.launcher.Option},
 * {@link org.spmpython.launcher.CommandLine}), running a script, command, module or stdin in the
 * hub's GraalPy context ({@link org.spmpython.launcher.Interpreter}), and the REPL ({@link
 * org.spmpython.launcher.Repl}) over a terminal (JLine) or a pipe; the hub's engine ({@link
 * org.spmpython.launcher.Hub}) and its local virtual cloud ({@link org.spmpython.launcher.LocalCloud})
 * of spokes, each a {@link org.spmpython.launcher.Spoke} in a process of its own ({@code spm-python
 * spoke}: {@link org.spmpython.launcher.SpokeMain}) or on a thread of the hub's JVM ({@link
 * org.spmpython.launcher.SpokeThread}). bin/spm-python starts the JVM with the Graal JIT enabled;
 * see launcher/README.md for the distribution layout.
 */
package org.spmpython.launcher;
