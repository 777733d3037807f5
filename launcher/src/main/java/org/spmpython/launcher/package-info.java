/**
 * The {@code spm-python} command, and nothing of the engine: {@link org.spmpython.launcher.Main}
 * dispatches a subcommand ({@code spoke}; {@code mpirun}, MpirunCommand; {@code cloud} next) or reads
 * Python's command line ({@link org.spmpython.launcher.Option}, {@link
 * org.spmpython.launcher.CommandLine}, with the hub's {@link org.spmpython.launcher.HubOptions} and
 * CPython's interpreter flags, {@link org.spmpython.launcher.CommandLineFlags});
 * {@link org.spmpython.launcher.Hub} wires a session's engine together (secret, event stream,
 * tracker, local cloud); {@link org.spmpython.launcher.Interpreter} runs a script, command, module
 * or stdin in the hub's context, and {@link org.spmpython.launcher.Repl} the REPL over a terminal
 * (JLine) or a pipe; {@link org.spmpython.launcher.CtrlC} makes Ctrl-C python's KeyboardInterrupt
 * and {@link org.spmpython.launcher.StaleSessions} removes the folders of hubs that died
 * (docs/PROCESSES.md). bin/spm-python starts the JVM with the Graal JIT enabled; see
 * launcher/README.md for the distribution layout.
 *
 * <p>May use: every package of the engine ({@code org.spmpython.bridge.*}), JLine.
 */
package org.spmpython.launcher;
