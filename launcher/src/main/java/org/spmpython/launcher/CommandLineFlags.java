package org.spmpython.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.spmpython.bridge.python.InterpreterFlags;

/**
 * CPython's interpreter flags from a command line and the PYTHON* environment variables (not
 * read with -E or -I), as CPython 3.12 combines them: an option adds to its variable's level
 * ({@code PYTHONOPTIMIZE=1} and {@code -O} give optimize 2), {@code -I} implies {@code -E -P -s},
 * PYTHONWARNINGS' filters come before {@code -W}'s.
 */
final class CommandLineFlags {
    /** CPython's least int/str digit limit other than 0 (no limit). */
    private static final int LEAST_INT_MAX_STR_DIGITS = 640;

    private final CommandLine line;
    private final Map<String, String> env;

    CommandLineFlags(CommandLine line, Map<String, String> env) {
        this.line = line;
        this.env = line.has(Option.IGNORE_ENVIRONMENT) || line.has(Option.ISOLATE) ? Map.of() : env;
    }

    boolean ignoresEnvironment() {
        return env.isEmpty();
    }

    boolean unbuffered() {
        return line.has(Option.UNBUFFERED) || level("PYTHONUNBUFFERED") > 0;
    }

    int verbose() {
        return line.count(Option.VERBOSE) + level("PYTHONVERBOSE");
    }

    boolean writeBytecode() {
        return !line.has(Option.NO_BYTECODE) && level("PYTHONDONTWRITEBYTECODE") == 0;
    }

    InterpreterFlags flags() throws UsageException {
        boolean isolated = line.has(Option.ISOLATE);
        List<String> x = line.values(Option.X_OPTION);
        boolean dev = x.contains("dev") || level("PYTHONDEVMODE") > 0;
        int utf8 = x.contains("utf8") || x.contains("utf8=1") ? 1
                : x.contains("utf8=0") ? 0 : Math.min(1, level("PYTHONUTF8"));
        int warnDefaultEncoding = x.contains("warn_default_encoding") || level("PYTHONWARNDEFAULTENCODING") > 0 ? 1 : 0;
        int bytesWarning = line.count(Option.BYTES_WARNING);
        // CPython's order, least precedence first: dev mode, PYTHONWARNINGS, -W, then -b/-bb.
        List<String> warnings = new ArrayList<>();
        if (dev) {
            warnings.add("default");
        }
        String fromEnv = env.get("PYTHONWARNINGS");
        if (fromEnv != null) {
            for (String w : fromEnv.split(",")) {
                if (!w.isBlank()) {
                    warnings.add(w.strip());
                }
            }
        }
        warnings.addAll(line.values(Option.WARNING));
        if (bytesWarning > 0) {
            warnings.add(bytesWarning > 1 ? "error::BytesWarning" : "default::BytesWarning");
        }
        String seed = env.get("PYTHONHASHSEED");
        int hashRandomization = "0".equals(seed) ? 0 : 1;
        return new InterpreterFlags(
                line.count(Option.DEBUG) + level("PYTHONDEBUG"),
                line.has(Option.INSPECT) || level("PYTHONINSPECT") > 0 ? 1 : 0,
                line.count(Option.OPTIMIZE) + level("PYTHONOPTIMIZE"),
                isolated || line.has(Option.NO_USER_SITE) || level("PYTHONNOUSERSITE") > 0 ? 1 : 0,
                line.has(Option.NO_SITE) ? 1 : 0,
                ignoresEnvironment() ? 1 : 0,
                bytesWarning,
                line.has(Option.QUIET) ? 1 : 0,
                hashRandomization,
                isolated ? 1 : 0,
                dev,
                utf8,
                warnDefaultEncoding,
                isolated || line.has(Option.SAFE_PATH) || level("PYTHONSAFEPATH") > 0,
                intMaxStrDigits(x),
                warnings,
                x,
                line.has(Option.SKIP_FIRST_LINE),
                verbose());
    }

    private int intMaxStrDigits(List<String> x) throws UsageException {
        String value = null;
        String source = null;
        if (env.get("PYTHONINTMAXSTRDIGITS") != null) {
            value = env.get("PYTHONINTMAXSTRDIGITS");
            source = "PYTHONINTMAXSTRDIGITS";
        }
        for (String option : x) {
            if (option.startsWith("int_max_str_digits=")) {
                value = option.substring("int_max_str_digits=".length());
                source = "-X int_max_str_digits";
            }
        }
        if (value == null) {
            return InterpreterFlags.DEFAULT_INT_MAX_STR_DIGITS;
        }
        try {
            int digits = Integer.parseInt(value.strip());
            if (digits == 0 || digits >= LEAST_INT_MAX_STR_DIGITS) {
                return digits;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException(source + ": invalid limit; must be >= " + LEAST_INT_MAX_STR_DIGITS
                + " or 0 for unlimited, not '" + value + "'");
    }

    /** A PYTHON* variable's level, as CPython reads it: a number, or 1 for any other non-empty value. */
    private int level(String variable) {
        String value = env.get(variable);
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
