package org.spmpython.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.spmpython.bridge.python.ContextSettings;
import org.spmpython.bridge.python.CoprocessGroups;
import org.spmpython.bridge.python.HubServices;
import org.spmpython.bridge.python.Installation;
import org.spmpython.bridge.python.InterpreterFlags;
import org.spmpython.bridge.python.PythonContextFactory;

/** The hub's Python: one GraalPy context running what the command line asks for. */
final class Interpreter implements AutoCloseable {
    private final CommandLine line;
    private final Context context;
    private final Value runner;
    /** -i or PYTHONINSPECT: the REPL after the program. */
    private final boolean inspect;

    private Interpreter(CommandLine line, Context context, boolean inspect) {
        this.line = line;
        this.inspect = inspect;
        this.context = context;
        this.runner = context.eval("python", "import spm._main; spm._main");
    }

    static Interpreter start(CommandLine line, CommandLineFlags flags, InterpreterFlags interpreterFlags, Hub hub) {
        ContextSettings settings = new ContextSettings(
                Installation.stdlib(),
                flags.ignoresEnvironment() ? List.of() : pythonPath(),
                line.argv,
                Installation.executable(),
                flags.unbuffered(),
                flags.verbose() > 0,
                flags.writeBytecode(),
                line.value(Option.LEGACY),
                hub.state(),
                new CoprocessGroups(Installation.coprocessGuard()),
                true,
                null,
                interpreterFlags);
        Interpreter interpreter = new Interpreter(line,
                PythonContextFactory.create(settings, Map.of(HubServices.BINDING, hub.services())),
                interpreterFlags.inspect() > 0);
        hub.startSpokes();
        return interpreter;
    }

    private static List<String> pythonPath() {
        String value = System.getenv("PYTHONPATH");
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList(value.split(":")));
    }

    /** Runs the program and, when asked for or when there is none, the REPL; returns the exit status. */
    int run() {
        try {
            int status = switch (line.mode) {
                case COMMAND -> runner.invokeMember("run_command", line.target).asInt();
                case MODULE -> runner.invokeMember("run_module", line.target).asInt();
                case SCRIPT -> runner.invokeMember("run_script", line.target).asInt();
                case STDIN -> runner.invokeMember("run_stdin").asInt();
                // As python: stdin that is not a terminal is a script, unless -i asks for the REPL.
                case REPL -> inspect || Repl.stdinIsTerminal()
                        ? new Repl(context, !line.has(Option.QUIET)).run()
                        : runner.invokeMember("run_stdin").asInt();
            };
            if (inspect && line.mode != CommandLine.Mode.REPL) {
                return new Repl(context, false).run();
            }
            return status;
        } catch (PolyglotException e) {
            if (e.isExit()) { // os._exit() and the like
                return e.getExitStatus();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            context.close();
        } catch (PolyglotException e) {
            if (!e.isExit() && !e.isCancelled()) {
                throw e;
            }
        }
    }
}
