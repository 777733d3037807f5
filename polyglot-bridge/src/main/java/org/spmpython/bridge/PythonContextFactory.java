package org.spmpython.bridge;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.spmpython.natives.NativeProbes;

/**
 * Builds the GraalPy contexts spm-python runs user code in, and binds {@code spm} into them.
 * Every context of the project (hub or spoke) comes from here, so they all see the same Python.
 */
public final class PythonContextFactory {
    /** The Python module that finishes a context's set-up (binds spm and its exceptions into builtins). */
    private static final String BOOT = "import spm._boot";

    private PythonContextFactory() {
    }

    /**
     * Builds a context and finishes its set-up.
     *
     * @param services more Java objects for the polyglot bindings, by name (e.g. the hub's tracker)
     */
    public static Context create(ContextSettings settings, java.util.Map<String, Object> services) {
        List<String> path = new ArrayList<>(settings.userPythonPath());
        path.add(settings.stdlibDir().toString());
        String[] args = settings.argv().isEmpty() ? new String[] {""} : settings.argv().toArray(String[]::new);
        Context context = Context.newBuilder("python")
                // No explicit Engine: a context on a shared Engine gets context-independent
                // compiled code, measured ~10x slower on the paper's prime loop (docs/DESIGN-NOTES.md).
                .allowAllAccess(true)
                .arguments("python", args)
                .option("python.PythonPath", String.join(File.pathSeparator, path))
                .option("python.Executable", settings.executable())
                // Real OS semantics for os, subprocess and signals (process groups matter to us).
                // Its caveat, that Python's stdio is fds 0-2, is what a launcher wants; GraalPy
                // warns about it unless told it runs in a launcher, which it does.
                .option("python.PosixModuleBackend", "native")
                .option("python.RunViaLauncher", "true")
                .option("python.InstallSignalHandlers", "true")
                .option("python.UnbufferedIO", Boolean.toString(settings.unbuffered()))
                .option("python.VerboseFlag", Boolean.toString(settings.verbose()))
                // GraalPy's embedding default is not to: but cached bytecode halves import times.
                .option("python.DontWriteBytecodeFlag", Boolean.toString(!settings.writeBytecode()))
                .build();
        Value bindings = context.getPolyglotBindings();
        bindings.putMember(RuntimeInfo.BINDING, new RuntimeInfo(context.getEngine(), settings));
        bindings.putMember(SessionState.BINDING, settings.state());
        bindings.putMember(CoprocessGroups.BINDING, settings.coprocesses());
        bindings.putMember(NativeProbes.BINDING, new NativeProbes());
        services.forEach(bindings::putMember);
        context.eval(Source.create("python", BOOT));
        return context;
    }
}
