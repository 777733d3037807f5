package org.spmpython.launcher;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed {@code spm-python} command line, with Python's grammar:
 * {@code spm-python [option] ... [-c cmd | -m mod | file | -] [arg] ...}.
 */
final class CommandLine {
    /** What the interpreter runs. */
    enum Mode { COMMAND, MODULE, SCRIPT, STDIN, REPL }

    final Set<Option> flags;
    final Mode mode;
    /** The -c command, -m module name or script path; null for STDIN and REPL. */
    final String target;
    /** sys.argv as Python will see it. */
    final List<String> argv;

    private CommandLine(Set<Option> flags, Mode mode, String target, List<String> argv) {
        this.flags = flags;
        this.mode = mode;
        this.target = target;
        this.argv = List.copyOf(argv);
    }

    boolean has(Option option) {
        return flags.contains(option);
    }

    static CommandLine parse(List<String> args) throws UsageException {
        Set<Option> flags = EnumSet.noneOf(Option.class);
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (arg.startsWith("--")) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                Option option = Option.byLongName(name)
                        .orElseThrow(() -> new UsageException("unknown option " + name));
                flags.add(option);
                i++;
                continue;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                break;
            }
            // A cluster of short options: -ui, -cpass, -c pass.
            for (int k = 1; k < arg.length(); k++) {
                char letter = arg.charAt(k);
                Optional<Option> found = Option.byLetter(letter);
                if (found.isEmpty()) {
                    throw new UsageException("Unknown option: -" + letter);
                }
                Option option = found.get();
                if (!option.takesArgument()) {
                    flags.add(option);
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
                List<String> rest = args.subList(i + 1, args.size());
                Mode mode = option == Option.COMMAND ? Mode.COMMAND : Mode.MODULE;
                // CPython: sys.argv[0] is '-c' for a command; runpy fills in the module's path.
                List<String> argv = new ArrayList<>();
                argv.add(option == Option.COMMAND ? "-c" : "-m");
                argv.addAll(rest);
                return new CommandLine(flags, mode, value, argv);
            }
            i++;
        }
        List<String> rest = args.subList(Math.min(i, args.size()), args.size());
        if (rest.isEmpty()) {
            return new CommandLine(flags, Mode.REPL, null, List.of(""));
        }
        if (rest.get(0).equals("-")) {
            List<String> argv = new ArrayList<>(rest);
            return new CommandLine(flags, Mode.STDIN, null, argv);
        }
        return new CommandLine(flags, Mode.SCRIPT, rest.get(0), rest);
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
        b.append("Options (as python's):\n");
        for (Option o : Option.all()) {
            String names = o.shortName + (o.longName != null ? ", " + o.longName : "")
                    + (o.argument != null ? " " + o.argument : "");
            b.append(String.format("  %-16s : %s%n", names, o.help));
        }
        b.append("Arguments:\n");
        b.append("  file             : program read from script file\n");
        b.append("  -                : program read from stdin (default; interactive mode if a tty)\n");
        b.append("  arg ...          : arguments passed to program in sys.argv[1:]\n");
        b.append("Environment:\n");
        b.append("  PYTHONPATH       : ':'-separated folders searched for modules before spm-python's own\n");
        b.append("  SPM_JAVA_HOME    : the JDK (21 or newer) to run on; else JAVA_HOME, else /usr/lib/jvm\n");
        return b.toString();
    }
}
