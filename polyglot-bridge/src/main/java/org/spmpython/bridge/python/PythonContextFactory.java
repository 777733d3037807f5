package org.spmpython.bridge.python;

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
    /** Calls before a function gets a first-tier compilation (Truffle's default is 1). */
    private static final String FIRST_TIER_MIN_CALLS = "engine.FirstTierMinInvokeThreshold";
    /** False once a build found no Graal compiler here (then Truffle has no compilation options). */
    private static volatile boolean compiles = true;
    /** The logger of GraalPy's warning that an embedded native POSIX backend uses fds 0-2. */
    private static final String NATIVE_BACKEND_WARNING = "log.python.com.oracle.graal.python.runtime.PythonContext.level";

    private PythonContextFactory() {
    }

    /**
     * Builds a context and finishes its set-up.
     *
     * @param services more Java objects for the polyglot bindings, by name (e.g. the hub's tracker)
     */
    public static Context create(ContextSettings settings, java.util.Map<String, Object> services) {
        Context context;
        try {
            context = builder(settings, compiles).build();
        } catch (IllegalArgumentException e) {
            if (!compiles || e.getMessage() == null || !e.getMessage().contains(FIRST_TIER_MIN_CALLS)) {
                throw e;
            }
            compiles = false; // interpreter only (no Graal compiler): nothing to tune
            context = builder(settings, false).build();
        }
        Value bindings = context.getPolyglotBindings();
        bindings.putMember(RuntimeInfo.BINDING, new RuntimeInfo(context.getEngine(), settings));
        bindings.putMember(SessionState.BINDING, settings.state());
        bindings.putMember(CoprocessGroups.BINDING, settings.coprocesses());
        bindings.putMember(NativeProbes.BINDING, new NativeProbes());
        bindings.putMember(Codes.BINDING, new Codes());
        services.forEach(bindings::putMember);
        context.eval(Source.create("python", BOOT));
        return context;
    }

    /**
     * CPython's flags that GraalPy implements, as its options; spm/_flags.py makes sys.flags say
     * all of them (docs/cpython-command-line.md lists the ones without an effect here).
     */
    private static void flagOptions(Context.Builder builder, InterpreterFlags flags) {
        builder.option("python.PythonOptimizeFlag", Boolean.toString(flags.optimize() > 0))
                .option("python.NoUserSiteFlag", Boolean.toString(flags.noUserSite() > 0))
                .option("python.NoSiteFlag", Boolean.toString(flags.noSite() > 0))
                .option("python.IgnoreEnvironmentFlag", Boolean.toString(flags.ignoreEnvironment() > 0))
                .option("python.IsolateFlag", Boolean.toString(flags.isolated() > 0))
                .option("python.QuietFlag", Boolean.toString(flags.quiet() > 0))
                .option("python.WarnDefaultEncodingFlag", Boolean.toString(flags.warnDefaultEncoding() > 0));
        if (flags.intMaxStrDigits() >= 0) {
            builder.option("python.IntMaxStrDigits", Integer.toString(flags.intMaxStrDigits()));
        }
        String prefix = flags.xOption("pycache_prefix");
        if (prefix != null && !prefix.isEmpty()) {
            builder.option("python.PyCachePrefix", prefix);
        }
    }

    private static Context.Builder builder(ContextSettings settings, boolean compiles) {
        List<String> path = new ArrayList<>(settings.userPythonPath());
        path.add(settings.stdlibDir().toString());
        String[] args = settings.argv().isEmpty() ? new String[] {""} : settings.argv().toArray(String[]::new);
        // No explicit Engine: a context on a shared Engine gets context-independent compiled
        // code, measured ~10x slower on the paper's prime loop (docs/DESIGN-NOTES.md).
        Context.Builder builder = Context.newBuilder("python");
        if (compiles) {
            // Only code called this often gets Truffle's quick first-tier compilation (hot
            // loops still compile at once, by OSR or the last tier). Else a context's boot
            // queues its import machinery, which a cold Graal compiler then takes seconds
            // over on a 2-core machine while the user's hot loop waits (docs/DESIGN-NOTES.md).
            builder.option(FIRST_TIER_MIN_CALLS, "2000");
        }
        if (settings.engineLog() != null) {
            builder.logHandler(settings.engineLog());
        }
        flagOptions(builder, settings.flags());
        return builder
                .allowAllAccess(true)
                .arguments("python", args)
                // At the hub, GraalPy would put '' first on sys.path itself, and spm/_main.py
                // puts what CPython does there (none with -P): one entry, not two.
                .option("python.SafePathFlag", Boolean.toString(settings.state().isHub()))
                .option("python.PythonPath", String.join(File.pathSeparator, path))
                .option("python.Executable", settings.executable())
                // Real OS semantics for os, subprocess and signals (process groups matter to us).
                // Its caveat, that Python's stdio is fds 0-2, is what a launcher wants.
                .option("python.PosixModuleBackend", "native")
                // In a launcher, os._exit ends the process; otherwise it ends only the context
                // (a spoke in the hub's JVM), and GraalPy's warning about fds 0-2 is not news.
                .option("python.RunViaLauncher", Boolean.toString(settings.ownsProcess()))
                .option(NATIVE_BACKEND_WARNING, settings.ownsProcess() ? "INFO" : "SEVERE")
                .option("python.InstallSignalHandlers", Boolean.toString(settings.ownsProcess()))
                .option("python.UnbufferedIO", Boolean.toString(settings.unbuffered()))
                .option("python.VerboseFlag", Boolean.toString(settings.verbose()))
                // A Java exception inside GraalPy (a host error) is a Python SystemError, which
                // `except` can catch, rather than the end of the session.
                .option("python.CatchAllExceptions", "true")
                // GraalPy's embedding default is not to: but cached bytecode halves import times.
                .option("python.DontWriteBytecodeFlag", Boolean.toString(!settings.writeBytecode()));
    }
}
