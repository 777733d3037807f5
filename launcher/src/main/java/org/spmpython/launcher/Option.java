package org.spmpython.launcher;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.spmpython.bridge.spoke.SpokeCommand;

/**
 * Every option of the {@code spm-python} command itself (python's, and the hub's): the one table
 * parsing and {@code --help} read. A subcommand's options are its own ({@code spm-python spoke}:
 * {@link org.spmpython.bridge.spoke.SpokeCommand}). Short options follow CPython's rules (they
 * combine, as in {@code -ui}; an
 * argument may be attached, as in {@code -cpass}); long options take {@code --name=value} or
 * {@code --name value}.
 */
enum Option {
    COMMAND("-c", null, "cmd", "program passed in as string (terminates option list)"),
    MODULE("-m", null, "mod", "run library module as a script (terminates option list)"),
    BYTES_WARNING("-b", null, null, "issue warnings about str(bytes_instance) and comparing bytes with str"
            + " (-bb: errors); sys.flags only: GraalPy has no such warnings"),
    NO_BYTECODE("-B", null, null, "don't write .pyc files on import"),
    DEBUG("-d", null, null, "debug output from the parser; sys.flags only: GraalPy's parser has none"),
    IGNORE_ENVIRONMENT("-E", null, null, "ignore PYTHON* environment variables (such as PYTHONPATH)"),
    INSPECT("-i", null, null, "inspect interactively after running script or command"),
    ISOLATE("-I", null, null, "isolate from the user's environment (implies -E, -P and -s)"),
    OPTIMIZE("-O", null, null, "remove assert and __debug__-dependent statements (-OO: also sys.flags.optimize 2;"
            + " docstrings stay)"),
    SAFE_PATH("-P", null, null, "don't prepend a potentially unsafe path to sys.path"),
    QUIET("-q", null, null, "don't print version and copyright messages on interactive start-up"),
    RANDOM_HASH("-R", null, null, "hash randomization, on by default (as CPython 3.12's, kept for compatibility)"),
    NO_USER_SITE("-s", null, null, "don't add the user site directory to sys.path"),
    NO_SITE("-S", null, null, "don't imply 'import site' on initialization"),
    UNBUFFERED("-u", null, null, "force the stdout and stderr streams to be unbuffered"),
    VERBOSE("-v", null, null, "verbose: trace module loading and legacy translation"),
    WARNING("-W", null, "arg", "warning control: action:message:category:module:lineno, as python's"),
    SKIP_FIRST_LINE("-x", null, null, "skip the first line of the source (for #! forms other than Unix's)"),
    X_OPTION("-X", null, "opt", "implementation-specific option, in sys._xoptions (dev, utf8,"
            + " warn_default_encoding, int_max_str_digits=N, pycache_prefix=DIR take effect)"),
    VERSION("-V", "--version", null, "print the spm-python version and exit"),
    CHECK_HASH_PYCS(null, "--check-hash-based-pycs", "always|default|never",
            "control how Python invalidates hash-based .pyc files"),
    LEGACY(null, "--legacy", "auto|always|never",
            "run modules as Python 2 (legacy) code: when they do not compile as Python 3 (auto, the default), always, or never"),
    SPOKES(null, "--spokes", "local:N|threads:N|ssh:HOST[:N]|slurm[:N]|none,...",
            "spokes of the virtual cloud, started at once in the background: N processes, or N threads of this"
            + " JVM (ready at once; a native crash reaches the hub), N over ssh on HOST (default 1), N steps of the Slurm"
            + " allocation (default: one per CPU); comma-separated (default: local:<cores>, slurm inside an allocation,"
            + " or $SPM_SPOKES)"),
    REMOTE_COMMAND(null, "--remote-command", "CMD",
            "the spm-python command on ssh hosts, as their shell reads it (default: spm-python on their PATH)"),
    TLS(null, "--tls", null,
            "the tracker speaks TLS, with a certificate made for the session (or --tls-cert/--tls-key); spokes pin it"
            + " through the secret file"),
    TLS_CERT(null, "--tls-cert", "FILE", "the tracker's TLS certificate (PEM; implies --tls; with --tls-key)"),
    TLS_KEY(null, "--tls-key", "FILE", "the private key of --tls-cert (PEM, PKCS#8, unencrypted)"),
    LISTEN(null, "--listen", "HOST:PORT",
            "open the tracker to remote spokes there; the secret they need is written to an owner-only file"),
    CLOUD(null, "--cloud", "auto|none|HOST:PORT",
            "borrow warm spokes of a persistent cloud (spm-python cloud start): auto, the default, this user's cloud if"
            + " one runs and no --spokes is given, else the session's own spokes; none; or the cloud at HOST:PORT"),
    SECRET_FILE(null, "--secret-file", "FILE",
            "the secret of the cloud given with --cloud HOST:PORT (default: this user's cloud's own)"),
    LOST_AFTER(null, "--lost-after", "SECONDS",
            "a spoke silent this long is lost, and spokes leave a hub silent this long (at least 1; default 5)"),
    DASHBOARD(null, "--dashboard", "HOST:PORT",
            "serve a live web view of the hub there (port 0: any); loopback needs no token, elsewhere the printed URL carries one"),
    QUIET_TASKS(null, "--quiet-tasks", null,
            "don't show what tasks print (else each line on stderr as it comes, as '(spoke 3@host) line')"),
    NO_SHARED_FS(null, "--no-shared-fs", null,
            "the local cloud's spokes do not read the hub's files: task modules are shipped from the hub"),
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
        return switch (this) {
            case LEGACY -> List.of("auto", "always", "never");
            case CHECK_HASH_PYCS -> List.of("always", "default", "never");
            default -> null;
        };
    }

    /** The value when the option is not given. */
    String defaultValue() {
        return switch (this) {
            case LEGACY -> "auto";
            case LOST_AFTER -> "5";
            default -> null;
        };
    }

    static Optional<Option> byLetter(char letter) {
        return Arrays.stream(values()).filter(o -> o.shortName != null && o.letter() == letter).findFirst();
    }

    static Optional<Option> byLongName(String name) {
        return Arrays.stream(values()).filter(o -> name.equals(o.longName)).findFirst();
    }
}
