/**
 * The {@code spm-python} command: Python's command line ({@link org.spmpython.launcher.Option},
 * {@link org.spmpython.launcher.CommandLine}), running a script, command, module or stdin in the
 * hub's GraalPy context ({@link org.spmpython.launcher.Interpreter}), and the REPL ({@link
 * org.spmpython.launcher.Repl}) over a terminal (JLine) or a pipe. bin/spm-python starts the JVM
 * with the Graal JIT enabled; see launcher/README.md for the distribution layout.
 */
package org.spmpython.launcher;
