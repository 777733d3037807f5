package org.spmpython.bridge.spoke;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.spmpython.bridge.python.InterpreterFlags;
import org.spmpython.bridge.wire.HostPort;

/**
 * The one owner of a spoke's command line, {@code spm-python spoke --hub HOST:PORT --secret-file
 * FILE [option] ...}: every launcher writes it through {@link #command} (a local process, an ssh or
 * srun one: hub.cloud.remote) and {@code spm-python spoke} reads it through {@link #parse}, so the two
 * cannot drift apart. Options are long ones, {@code --name value} or {@code --name=value}.
 */
public final class SpokeCommand {
    /** The subcommand: {@code spm-python spoke ...}. */
    public static final String NAME = "spoke";
    /** A spoke exits when its hub is silent this long, unless told otherwise. */
    public static final Duration DEFAULT_LOST_AFTER = Duration.ofSeconds(5);
    private static final List<String> LEGACY_MODES = List.of("auto", "always", "never");

    /** Every option of the spoke's command line: the one table parsing, writing and help read. */
    enum Flag {
        HUB("--hub", "HOST:PORT", "the hub's tracker (required)"),
        SECRET_FILE("--secret-file", "FILE", "file holding the hub session's secret (required; '-': read it from stdin,"
                + " up to an empty line)"),
        SERVER_NAME("--server-name", "NAME", "the server name this spoke reports (default: the host name)"),
        CORE("--core", "N", "pin this spoke to core N"),
        PARENT("--parent", "PID", "die with this process, the hub that launched this spoke (local spokes)"),
        LOST_AFTER("--lost-after", "SECONDS", "exit when the hub is silent this long (default 5)"),
        NO_SHARED_FS("--no-shared-fs", null, "this spoke cannot see the hub's files: fetch task modules from the hub"),
        LEGACY("--legacy", "auto|always|never", "run modules as Python 2 code: when they do not compile as Python 3"
                + " (auto, the default), always, or never (the hub's --legacy)"),
        VERBOSE("--verbose", null, "trace module loading and legacy translation (the hub's -v)"),
        NO_BYTECODE("--no-bytecode", null, "don't write .pyc files on import (the hub's -B)"),
        LAUNCH_ID("--launch-id", "ID", "started by a hub over ssh or srun: report ID when joining, and exit when stdin"
                + " (the channel) ends"),

        OUTPUT_IN_LOG("--output-in-log", null, "its output goes to a log the hub follows (the local cloud's spokes);"
                + " else what its tasks print is sent to the hub, which shows it"),
        PYTHON_FLAGS("--python-flags", "NAME=N,...", "the hub's python flags that are not python's defaults (-O:"
                + " optimize=1, -b: bytesWarning=1, -E: ignoreEnvironment=1 ...)"),
        WARN_OPTION("--warn-option", "ARG", "one of the hub's -W options, in order (repeated)"),
        X_OPTION("--x-option", "OPT", "one of the hub's -X options, in order (repeated)");

        final String name;
        final String argument;
        final String help;

        Flag(String name, String argument, String help) {
            this.name = name;
            this.argument = argument;
            this.help = help;
        }

        static Flag named(String name) {
            for (Flag f : values()) {
                if (f.name.equals(name)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown option " + name);
        }
    }

    private SpokeCommand() {
    }

    /** The command that starts a spoke process with these options. */
    public static List<String> command(String executable, SpokeOptions o) {
        List<String> words = new ArrayList<>(List.of(executable, NAME,
                Flag.HUB.name, o.hub().toString(), Flag.SECRET_FILE.name, o.secretFile().toString()));
        if (o.serverName() != null) {
            words.addAll(List.of(Flag.SERVER_NAME.name, o.serverName()));
        }
        if (o.core() >= 0) {
            words.addAll(List.of(Flag.CORE.name, Integer.toString(o.core())));
        }
        if (o.parentPid() >= 0) {
            words.addAll(List.of(Flag.PARENT.name, Long.toString(o.parentPid())));
        }
        words.addAll(List.of(Flag.LOST_AFTER.name, Double.toString(o.lostAfter().toMillis() / 1000.0)));
        if (!o.sharedFileSystem()) {
            words.add(Flag.NO_SHARED_FS.name);
        }
        words.addAll(List.of(Flag.LEGACY.name, o.legacyMode()));
        if (o.verbose()) {
            words.add(Flag.VERBOSE.name);
        }
        if (!o.writeBytecode()) {
            words.add(Flag.NO_BYTECODE.name);
        }
        if (o.launchId() >= 0) {
            words.addAll(List.of(Flag.LAUNCH_ID.name, Long.toString(o.launchId())));
        }
        if (o.outputInLog()) {
            words.add(Flag.OUTPUT_IN_LOG.name);
        }
        String flags = flagsText(o.pythonFlags());
        if (!flags.isEmpty()) {
            words.addAll(List.of(Flag.PYTHON_FLAGS.name, flags));
        }
        o.pythonFlags().warnOptions().forEach(w -> words.addAll(List.of(Flag.WARN_OPTION.name, w)));
        o.pythonFlags().xOptions().forEach(x -> words.addAll(List.of(Flag.X_OPTION.name, x)));
        return words;
    }

    /**
     * Reads the words after {@code spoke}.
     *
     * @throws IllegalArgumentException saying which word is wrong and why
     */
    public static SpokeOptions parse(List<String> args) {
        Map<Flag, String> given = new EnumMap<>(Flag.class);
        List<String> warnOptions = new ArrayList<>();
        List<String> xOptions = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException(NAME + " takes options only, not '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            Flag flag = Flag.named(eq >= 0 ? arg.substring(0, eq) : arg);
            if (flag.argument == null) {
                if (eq >= 0) {
                    throw new IllegalArgumentException(flag.name + " takes no value");
                }
                given.put(flag, "");
            } else if (eq >= 0) {
                given.put(flag, arg.substring(eq + 1));
            } else if (i + 1 < args.size()) {
                given.put(flag, args.get(++i));
            } else {
                throw new IllegalArgumentException("Argument expected for the " + flag.name + " option");
            }
            if (flag == Flag.WARN_OPTION) { // repeated, in order
                warnOptions.add(given.get(flag));
            } else if (flag == Flag.X_OPTION) {
                xOptions.add(given.get(flag));
            }
        }
        for (Flag required : List.of(Flag.HUB, Flag.SECRET_FILE)) {
            if (!given.containsKey(required)) {
                throw new IllegalArgumentException(NAME + " needs " + required.name + " " + required.argument);
            }
        }
        String legacy = given.getOrDefault(Flag.LEGACY, "auto");
        if (!LEGACY_MODES.contains(legacy)) {
            throw new IllegalArgumentException(Flag.LEGACY.name + " takes one of " + String.join(", ", LEGACY_MODES)
                    + ", not '" + legacy + "'");
        }
        return new SpokeOptions(
                HostPort.parse(given.get(Flag.HUB), Flag.HUB.name),
                Path.of(given.get(Flag.SECRET_FILE)),
                given.get(Flag.SERVER_NAME),
                given.containsKey(Flag.CORE) ? (int) whole(given.get(Flag.CORE), Flag.CORE.name) : -1,
                given.containsKey(Flag.PARENT) ? whole(given.get(Flag.PARENT), Flag.PARENT.name) : -1,
                given.containsKey(Flag.LOST_AFTER) ? seconds(given.get(Flag.LOST_AFTER), Flag.LOST_AFTER.name)
                        : DEFAULT_LOST_AFTER,
                !given.containsKey(Flag.NO_SHARED_FS),
                legacy,
                given.containsKey(Flag.VERBOSE),
                !given.containsKey(Flag.NO_BYTECODE),
                given.containsKey(Flag.LAUNCH_ID) ? whole(given.get(Flag.LAUNCH_ID), Flag.LAUNCH_ID.name) : -1,
                given.containsKey(Flag.OUTPUT_IN_LOG),
                pythonFlags(given.getOrDefault(Flag.PYTHON_FLAGS, ""), warnOptions, xOptions));
    }

    /** The spoke's part of {@code spm-python --help}. */
    public static String help() {
        StringBuilder b = new StringBuilder("Spokes: spm-python " + NAME + " --hub HOST:PORT --secret-file FILE [option] ...\n");
        for (Flag f : Flag.values()) {
            b.append(String.format("  %-16s : %s%n", f.name + (f.argument == null ? "" : "=" + f.argument), f.help));
        }
        return b.toString();
    }

    /**
     * A duration option: seconds, more than 0 and at most an hour (the hub's {@code --lost-after} too).
     *
     * @throws IllegalArgumentException naming the option and the value
     */
    public static Duration seconds(String value, String option) {
        try {
            double s = Double.parseDouble(value);
            if (s > 0 && s <= 3600) {
                return Duration.ofMillis((long) (s * 1000));
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException(option + " takes seconds (more than 0, at most 3600), not '" + value + "'");
    }

    /**
     * {@code --python-flags}' value: the flags of {@code InterpreterFlags} (its whole-number and
     * yes/no components, by name) that are not python's defaults, as {@code name=value,...}.
     */
    private static String flagsText(InterpreterFlags flags) {
        List<String> pairs = new ArrayList<>();
        for (RecordComponent c : InterpreterFlags.class.getRecordComponents()) {
            if (scalar(c) && !value(c, flags).equals(value(c, InterpreterFlags.DEFAULTS))) {
                pairs.add(c.getName() + "=" + value(c, flags));
            }
        }
        return String.join(",", pairs);
    }

    /**
     * The flags that {@link #flagsText} wrote, with the -W and -X options.
     *
     * @throws IllegalArgumentException naming a flag that does not exist or a value it cannot take
     */
    private static InterpreterFlags pythonFlags(String text, List<String> warnOptions, List<String> xOptions) {
        RecordComponent[] components = InterpreterFlags.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = switch (components[i].getName()) {
                case "warnOptions" -> warnOptions;
                case "xOptions" -> xOptions;
                default -> value(components[i], InterpreterFlags.DEFAULTS);
            };
        }
        for (String pair : text.isEmpty() ? new String[0] : text.split(",")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            int i = 0;
            while (i < components.length && !(scalar(components[i]) && components[i].getName().equals(name))) {
                i++;
            }
            if (i == components.length) {
                throw new IllegalArgumentException(Flag.PYTHON_FLAGS.name + ": no python flag '" + name + "'");
            }
            if (types[i] == boolean.class) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException(Flag.PYTHON_FLAGS.name + ": " + name + " takes true or false, not '"
                            + value + "'");
                }
                values[i] = Boolean.parseBoolean(value);
            } else {
                values[i] = (int) whole(value, Flag.PYTHON_FLAGS.name + ": " + name);
            }
        }
        try {
            return InterpreterFlags.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("InterpreterFlags' canonical constructor", e);
        }
    }

    private static boolean scalar(RecordComponent c) {
        return c.getType() == int.class || c.getType() == boolean.class;
    }

    private static Object value(RecordComponent c, InterpreterFlags flags) {
        try {
            return c.getAccessor().invoke(flags);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("InterpreterFlags." + c.getName(), e);
        }
    }

    private static long whole(String value, String option) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'");
        }
    }
}
