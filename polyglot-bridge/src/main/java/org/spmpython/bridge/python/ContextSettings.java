package org.spmpython.bridge.python;

import java.nio.file.Path;
import java.util.List;

/**
 * What a GraalPy context of spm-python is built from.
 *
 * @param stdlibDir folder holding the {@code spm} package and the rest of spm-python's Python side
 * @param userPythonPath the user's PYTHONPATH entries, searched before {@code stdlibDir}
 * @param argv {@code sys.argv}
 * @param executable {@code sys.executable}: the command that starts spm-python again
 * @param unbuffered {@code -u}
 * @param verbose {@code -v}
 * @param writeBytecode write .pyc files on import (python's default; {@code -B} turns it off)
 * @param state this resource's role and serial state (hub or spoke)
 * @param coprocesses the co-process groups this resource's Python starts
 * @param legacyMode when modules run as Python 2 code: "auto" (when they do not compile as
 *     Python 3), "always" or "never" ({@code --legacy})
 * @param ownsProcess the process's own Python (the hub, a spoke process): it handles the
 *     process's signals, and {@code os._exit} ends the process. A spoke in the hub's JVM does
 *     not: there {@code os._exit} ends only its context.
 * @param engineLog where the context's engine logs (GraalPy's and Truffle's warnings); null
 *     for the process's stderr. A spoke in the hub's JVM logs to its slot's log, as a spoke
 *     process's stderr does.
 * @param flags CPython's interpreter flags ({@code -O}, {@code -W}, {@code -I} ...): sys.flags,
 *     and GraalPy's options where it has the feature
 */
public record ContextSettings(
        Path stdlibDir,
        List<String> userPythonPath,
        List<String> argv,
        String executable,
        boolean unbuffered,
        boolean verbose,
        boolean writeBytecode,
        String legacyMode,
        SessionState state,
        CoprocessGroups coprocesses,
        boolean ownsProcess,
        java.util.logging.Handler engineLog,
        InterpreterFlags flags) {

    public ContextSettings {
        userPythonPath = List.copyOf(userPythonPath);
        argv = List.copyOf(argv);
    }
}
