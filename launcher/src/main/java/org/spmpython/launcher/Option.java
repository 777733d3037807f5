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
    COMMAND("-c", null, "cmd", "program passed in as string (terminates option list)"),
    MODULE("-m", null, "mod", "run library module as a script (terminates option list)"),
    INSPECT("-i", null, null, "inspect interactively after running script or command"),
    UNBUFFERED("-u", null, null, "force the stdout and stderr streams to be unbuffered"),
    VERBOSE("-v", null, null, "verbose: trace module loading and legacy translation"),
    QUIET("-q", null, null, "don't print version and copyright messages on interactive start-up"),
    NO_BYTECODE("-B", null, null, "don't write .pyc files on import"),
    IGNORE_ENVIRONMENT("-E", null, null, "ignore PYTHON* environment variables (such as PYTHONPATH)"),
    VERSION("-V", "--version", null, "print the spm-python version and exit"),
    LEGACY(null, "--legacy", "auto|always|never",
            "run modules as Python 2 (legacy) code: when they do not compile as Python 3 (auto, the default), always, or never"),
    HELP("-h", "--help", null, "print this help message and exit");

    final String shortName;
    final String longName;
    /** Name of the option's argument in the help text, or null when it takes none. */
    final String argument;
    final String help;

    Option(String shortName, String longName, String argument, String help) {
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
        return this == LEGACY ? "auto" : null;
    }

    static Optional<Option> byLetter(char letter) {
        return Arrays.stream(values()).filter(o -> o.shortName != null && o.letter() == letter).findFirst();
    }

    static Optional<Option> byLongName(String name) {
        return Arrays.stream(values()).filter(o -> name.equals(o.longName)).findFirst();
    }

    static List<Option> all() {
        return List.of(values());
    }
}
