package org.spmpython.launcher;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.spmpython.bridge.spoke.SpokeCommand;

/**
 * A parsed {@code spm-python} command line, with Python's grammar:
 * {@code spm-python [option] ... [-c cmd | -m mod | file | -] [arg] ...}.
 */
final class CommandLine {
    /** What the interpreter runs. */
    enum Mode { COMMAND, MODULE, SCRIPT, STDIN, REPL }

    final Set<Option> flags;
    /** How often each flag was given (-vv, -OO, -bb). */
    private final Map<Option, Integer> counts;
    /** Values of the options that take one, in their order (-W and -X may repeat). */
    private final Map<Option, List<String>> values;
    final Mode mode;
    /** The -c command, -m module name or script path; null for STDIN and REPL. */
    final String target;
    /** sys.argv as Python will see it. */
    final List<String> argv;

    private CommandLine(Set<Option> flags, Map<Option, Integer> counts, Map<Option, List<String>> values, Mode mode,
            String target, List<String> argv) {
        this.flags = flags;
        this.counts = counts;
        this.values = values;
        this.mode = mode;
        this.target = target;
        this.argv = List.copyOf(argv);
    }

    boolean has(Option option) {
        return flags.contains(option);
    }

    /** How many times a flag was given: 2 for -vv. */
    int count(Option option) {
        return counts.getOrDefault(option, 0);
    }

    /** An option's value (the last one given), or its default. */
    String value(Option option) {
        List<String> given = values.get(option);
        return given == null ? option.defaultValue() : given.get(given.size() - 1);
    }

    /** Every value given to a repeatable option (-W, -X), in order. */
    List<String> values(Option option) {
        return values.getOrDefault(option, List.of());
    }

    private static void add(Set<Option> flags, Map<Option, Integer> counts, Option option) {
        flags.add(option);
        counts.merge(option, 1, Integer::sum);
    }

    static CommandLine parse(List<String> args) throws UsageException {
        Set<Option> flags = EnumSet.noneOf(Option.class);
        Map<Option, Integer> counts = new EnumMap<>(Option.class);
        Map<Option, List<String>> values = new EnumMap<>(Option.class);
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (arg.startsWith("--")) {
                i = parseLong(args, i, flags, counts, values);
                continue;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                break;
            }
            // A cluster of short options: -ui, -cpass, -c pass, -Wignore.
            cluster:
            for (int k = 1; k < arg.length(); k++) {
                char letter = arg.charAt(k);
                Optional<Option> found = Option.byLetter(letter);
                if (found.isEmpty()) {
                    throw new UsageException("Unknown option: -" + letter);
                }
                Option option = found.get();
                if (!option.takesArgument()) {
                    add(flags, counts, option);
                    continue;
                }
                String value;
                int next = i + 1;
                if (k + 1 < arg.length()) {
                    value = arg.substring(k + 1);
                } else if (next < args.size()) {
                    value = args.get(next);
                    i = next;
                } else {
                    throw new UsageException("Argument expected for the " + option.shortName + " option");
                }
                if (option != Option.COMMAND && option != Option.MODULE) { // -W arg, -X opt
                    add(flags, counts, option);
                    values.computeIfAbsent(option, o -> new ArrayList<>()).add(value);
                    break cluster;
                }
                List<String> rest = args.subList(i + 1, args.size());
                Mode mode = option == Option.COMMAND ? Mode.COMMAND : Mode.MODULE;
                // CPython: sys.argv[0] is '-c' for a command; runpy fills in the module's path.
                List<String> argv = new ArrayList<>();
                argv.add(option == Option.COMMAND ? "-c" : "-m");
                argv.addAll(rest);
                return new CommandLine(flags, counts, values, mode, value, argv);
            }
            i++;
        }
        List<String> rest = args.subList(Math.min(i, args.size()), args.size());
        if (rest.isEmpty()) {
            return new CommandLine(flags, counts, values, Mode.REPL, null, List.of(""));
        }
        if (rest.get(0).equals("-")) {
            List<String> argv = new ArrayList<>(rest);
            return new CommandLine(flags, counts, values, Mode.STDIN, null, argv);
        }
        return new CommandLine(flags, counts, values, Mode.SCRIPT, rest.get(0), rest);
    }

    /** Parses the long option at {@code args[i]} (and its value); returns the index after it. */
    private static int parseLong(List<String> args, int i, Set<Option> flags, Map<Option, Integer> counts,
            Map<Option, List<String>> values) throws UsageException {
        String arg = args.get(i);
        int eq = arg.indexOf('=');
        String name = eq >= 0 ? arg.substring(0, eq) : arg;
        Option option = Option.byLongName(name).orElseThrow(() -> new UsageException("unknown option " + name));
        add(flags, counts, option);
        if (!option.takesArgument()) {
            if (eq >= 0) {
                throw new UsageException(name + " takes no value");
            }
            return i + 1;
        }
        String value;
        if (eq >= 0) {
            value = arg.substring(eq + 1);
        } else if (i + 1 < args.size()) {
            value = args.get(++i);
        } else {
            throw new UsageException("Argument expected for the " + name + " option");
        }
        List<String> choices = option.choices();
        if (choices != null && !choices.contains(value)) {
            throw new UsageException(name + " takes one of " + String.join(", ", choices) + ", not '" + value + "'");
        }
        values.computeIfAbsent(option, o -> new ArrayList<>()).add(value);
        return i + 1;
    }

    /** The usage lines CPython prints on a wrong option. */
    static String shortUsage() {
        return "usage: spm-python [option] ... [-c cmd | -m mod | file | -] [arg] ...\n"
                + "Try `spm-python -h' for more information.";
    }

    static String help() {
        StringBuilder b = new StringBuilder();
        b.append("usage: spm-python [option] ... [-c cmd | -m mod | file | -] [arg] ...\n");
        b.append("spm-python runs Python on GraalPy with the parallel closures of the `spm' module.\n");
        b.append("Options:\n");
        for (Option o : Option.values()) {
            String names = o.shortName == null ? o.longName
                    : o.shortName + (o.longName != null ? ", " + o.longName : "");
            names += o.argument == null ? "" : o.longName != null && o.shortName == null ? "=" + o.argument : " " + o.argument;
            b.append(String.format("  %-16s : %s%n", names, o.help));
        }
        b.append("Arguments:\n");
        b.append("  file             : program read from script file\n");
        b.append("  -                : program read from stdin (default; interactive mode if a tty)\n");
        b.append("  arg ...          : arguments passed to program in sys.argv[1:]\n");
        b.append(SpokeCommand.help());
        b.append("A persistent cloud of warm spokes that sessions borrow (docs/CLOUD.md):\n");
        b.append("  spm-python cloud start [--spokes local:N|threads:N] [--listen HOST:PORT] [--dashboard HOST:PORT]\n");
        b.append("                   [--lost-after SECONDS] [--wait]   (--wait: return once every spoke is warm)\n");
        b.append("  spm-python cloud status | stop\n");
        b.append("Environment:\n");
        b.append("  PYTHONPATH       : ':'-separated folders searched for modules before spm-python's own\n");
        b.append("  PYTHON*          : CPython's (PYTHONOPTIMIZE, PYTHONWARNINGS, PYTHONDONTWRITEBYTECODE ...), unless -E or -I\n");
        b.append("  SPM_JAVA_HOME    : the JDK (21 or newer) to run on; else JAVA_HOME, else /usr/lib/jvm\n");
        b.append("  SPM_SPOKES       : the default of --spokes\n");
        return b.toString();
    }
}
