package org.spmpython.bridge.python;

import java.util.List;

/**
 * CPython's interpreter flags as a command line and the environment gave them: what {@code
 * sys.flags}, {@code sys.warnoptions} and {@code sys._xoptions} say in Python (spm/_flags.py
 * makes them so), and what the context is built with where GraalPy has the feature. Public
 * accessors are what Python reads. Counted flags ({@code -vv}, {@code -OO}, {@code -bb}) are ints.
 *
 * @param warnOptions {@code -W} values, PYTHONWARNINGS' first
 * @param xOptions {@code -X} values as given ({@code dev}, {@code int_max_str_digits=100})
 * @param skipFirstLine {@code -x}
 * @param verbose how many {@code -v} (GraalPy's own verbose mode is on or off)
 */
public record InterpreterFlags(int debug, int inspect, int optimize, int noUserSite, int noSite,
        int ignoreEnvironment, int bytesWarning, int quiet, int hashRandomization, int isolated, boolean devMode,
        int utf8Mode, int warnDefaultEncoding, boolean safePath, int intMaxStrDigits, List<String> warnOptions,
        List<String> xOptions, boolean skipFirstLine, int verbose) {

    /** sys.flags.int_max_str_digits when no option set it (the limit is then CPython's 4300). */
    public static final int DEFAULT_INT_MAX_STR_DIGITS = -1;

    /** What {@code python} with no option says (hash randomization is on by default). */
    public static final InterpreterFlags DEFAULTS = new InterpreterFlags(0, 0, 0, 0, 0, 0, 0, 0, 1, 0, false, 0, 0,
            false, DEFAULT_INT_MAX_STR_DIGITS, List.of(), List.of(), false, 0);

    public InterpreterFlags {
        warnOptions = List.copyOf(warnOptions);
        xOptions = List.copyOf(xOptions);
    }

    /**
     * The flags the hub's spokes run with (DESIGN §2: a spoke runs the hub's code as the hub
     * would, as multiprocessing's children take their parent's flags): all but {@code -i}, {@code
     * -q} and {@code -x}, which concern only how the hub runs its main program and its prompt, and
     * {@code -v}, which a spoke has as a setting of its own ({@code --verbose}).
     */
    public InterpreterFlags forSpokes() {
        return new InterpreterFlags(debug, 0, optimize, noUserSite, noSite, ignoreEnvironment, bytesWarning, 0,
                hashRandomization, isolated, devMode, utf8Mode, warnDefaultEncoding, safePath, intMaxStrDigits,
                warnOptions, xOptions, false, 0);
    }

    /** The value of {@code -X name=value}, the last given; "" for a bare {@code -X name}; null when absent. */
    public String xOption(String name) {
        String found = null;
        for (String option : xOptions) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            if (key.equals(name)) {
                found = eq < 0 ? "" : option.substring(eq + 1);
            }
        }
        return found;
    }
}
