package org.spmpython.bridge.python;

import org.graalvm.polyglot.Engine;

/**
 * Facts about the runtime a context runs on, for {@code spm.runtime} in Python. Public methods
 * are what Python sees.
 */
public final class RuntimeInfo {
    /** Name under which the polyglot bindings carry this object. */
    public static final String BINDING = "spm.runtime";

    /** Engine implementation name of the Truffle runtime that has no optimizing compiler. */
    private static final String INTERPRETER_ONLY = "Interpreted";

    private final Engine engine;
    private final ContextSettings settings;

    RuntimeInfo(Engine engine, ContextSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    /** {@code --legacy}: "auto", "always" or "never". */
    public String legacyMode() {
        return settings.legacyMode();
    }

    /** CPython's interpreter flags of this context (spm/_flags.py makes sys.flags say them). */
    public InterpreterFlags flags() {
        return settings.flags();
    }

    /** -B's opposite: .pyc files are written on import. */
    public boolean writesBytecode() {
        return settings.writeBytecode();
    }

    /** -v. */
    public boolean verbose() {
        return settings.verbose();
    }

    /** True when Truffle runs with the optimizing (Graal JIT) runtime. */
    public boolean jit() {
        return !INTERPRETER_ONLY.equals(engine.getImplementationName());
    }

    public String spmVersion() {
        return Versions.spm();
    }

    public String engineName() {
        return engine.getImplementationName();
    }

    public String graalpyVersion() {
        return Versions.graalpy();
    }

    public String javaVersion() {
        return Runtime.version().toString();
    }

    public String javaHome() {
        return System.getProperty("java.home");
    }
}
