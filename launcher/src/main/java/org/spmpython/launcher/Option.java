package org.spmpython.launcher;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every command-line option of {@code spm-python}: the one table parsing, {@code --help} and
 * the tests read. Short options follow CPython's rules (they combine, as in {@code -ui}; an
 * argument may be attached, as in {@code -cpass}); long options take {@code --name=value} or
 * {@code --name value}.
 */
enum Option {
    COMMAND(Scope.MAIN, "-c", null, "cmd", "program passed in as string (terminates option list)"),
    MODULE(Scope.MAIN, "-m", null, "mod", "run library module as a script (terminates option list)"),
    INSPECT(Scope.MAIN, "-i", null, null, "inspect interactively after running script or command"),
    UNBUFFERED(Scope.MAIN, "-u", null, null, "force the stdout and stderr streams to be unbuffered"),
    VERBOSE(Scope.MAIN, "-v", null, null, "verbose: trace module loading and legacy translation"),
    QUIET(Scope.MAIN, "-q", null, null, "don't print version and copyright messages on interactive start-up"),
    NO_BYTECODE(Scope.MAIN, "-B", null, null, "don't write .pyc files on import"),
    IGNORE_ENVIRONMENT(Scope.MAIN, "-E", null, null, "ignore PYTHON* environment variables (such as PYTHONPATH)"),
    VERSION(Scope.MAIN, "-V", "--version", null, "print the spm-python version and exit"),
    LEGACY(Scope.MAIN, null, "--legacy", "auto|always|never",
            "run modules as Python 2 (legacy) code: when they do not compile as Python 3 (auto, the default), always, or never"),
    SPOKES(Scope.MAIN, null, "--spokes", "local:N|threads:N|none",
            "spokes of the local virtual cloud, started at once in the background: N processes, or N threads of this"
            + " JVM (ready at once; a native crash reaches the hub) (default: local:<cores>, or $SPM_SPOKES)"),
    LISTEN(Scope.MAIN, null, "--listen", "HOST:PORT",
            "open the tracker to remote spokes there; the secret they need is written to an owner-only file"),
    LOST_AFTER(Scope.MAIN, null, "--lost-after", "SECONDS", "a spoke silent this long is lost (default 5)"),
    HELP(Scope.MAIN, "-h", "--help", null, "print this help message and exit"),

    HUB(Scope.SPOKE, null, "--hub", "HOST:PORT", "the hub's tracker (required)"),
    SECRET_FILE(Scope.SPOKE, null, "--secret-file", "FILE", "file holding the hub session's secret (required)"),
    SERVER_NAME(Scope.SPOKE, null, "--server-name", "NAME", "the server name this spoke reports (default: the host name)"),
    CORE(Scope.SPOKE, null, "--core", "N", "pin this spoke to core N"),
    PARENT(Scope.SPOKE, null, "--parent", "PID", "die with this process, the hub that launched this spoke (local spokes)"),
    NO_SHARED_FS(Scope.SPOKE, null, "--no-shared-fs", null,
            "this spoke cannot see the hub's files: fetch task modules from the hub"),
    SPOKE_LOST_AFTER(Scope.SPOKE, null, "--lost-after", "SECONDS", "exit when the hub is silent this long (default 5)");

    /** Which command an option belongs to: {@code spm-python ...} or {@code spm-python spoke ...}. */
    enum Scope { MAIN, SPOKE }

    final Scope scope;
    final String shortName;
    final String longName;
    /** Name of the option's argument in the help text, or null when it takes none. */
    final String argument;
    final String help;

    Option(Scope scope, String shortName, String longName, String argument, String help) {
        this.scope = scope;
        this.shortName = shortName;
        this.longName = longName;
        this.argument = argument;
        this.help = help;
    }

    boolean takesArgument() {
        return argument != null;
    }

    /** The single letter of a short option, e.g. 'c' for "-c". */
    char letter() {
        return shortName.charAt(1);
    }

    /** A long option's value is one of these words, or null when any value goes. */
    List<String> choices() {
        return this == LEGACY ? List.of("auto", "always", "never") : null;
    }

    /** The value when the option is not given. */
    String defaultValue() {
        return switch (this) {
            case LEGACY -> "auto";
            case LOST_AFTER, SPOKE_LOST_AFTER -> "5";
            default -> null;
        };
    }

    static Optional<Option> byLetter(Scope scope, char letter) {
        return Arrays.stream(values())
                .filter(o -> o.scope == scope && o.shortName != null && o.letter() == letter)
                .findFirst();
    }

    static Optional<Option> byLongName(Scope scope, String name) {
        return Arrays.stream(values()).filter(o -> o.scope == scope && name.equals(o.longName)).findFirst();
    }

    static List<Option> all(Scope scope) {
        return Arrays.stream(values()).filter(o -> o.scope == scope).toList();
    }
}
