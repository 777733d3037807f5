package org.spmpython.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.spmpython.bridge.hub.CannotListenException;
import org.spmpython.bridge.python.Installation;
import org.spmpython.bridge.python.InterpreterFlags;
import org.spmpython.bridge.python.Versions;
import org.spmpython.bridge.spoke.SpokeCommand;
import org.spmpython.bridge.spoke.SpokeProcessMain;

/**
 * Entry point of the {@code spm-python} command (bin/spm-python starts the JVM here): a
 * subcommand when the first word names one ({@code spm-python spoke ...}), else python's command
 * line, with the hub's options.
 */
public final class Main {
    /** Exit status for a wrong command line, as python's. */
    static final int EXIT_USAGE = 2;

    /**
     * The subcommands, by their first word: each parses the words after it and runs. A script
     * of that name is still run with {@code spm-python ./spoke}.
     */
    private static final Map<String, Function<List<String>, Integer>> SUBCOMMANDS = Map.of(
            SpokeCommand.NAME, words -> SpokeProcessMain.run(SpokeCommand.parse(words)),
            MpirunCommand.NAME, MpirunCommand::run,
            CloudCommand.NAME, CloudCommand::run);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> args) {
        PrintStream err = System.err;
        Function<List<String>, Integer> subcommand = args.isEmpty() ? null : SUBCOMMANDS.get(args.get(0));
        if (subcommand != null) {
            try {
                return subcommand.apply(args.subList(1, args.size()));
            } catch (IllegalArgumentException e) {
                err.println("spm-python " + args.get(0) + ": " + e.getMessage());
                return EXIT_USAGE;
            }
        }
        CommandLine line;
        HubOptions hubOptions;
        CommandLineFlags flags;
        InterpreterFlags interpreterFlags;
        try {
            line = CommandLine.parse(args);
            flags = new CommandLineFlags(line, System.getenv());
            interpreterFlags = flags.flags();
            hubOptions = line.has(Option.HELP) || line.has(Option.VERSION) ? null : HubOptions.of(line, interpreterFlags);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(CommandLine.shortUsage());
            return EXIT_USAGE;
        }
        if (line.has(Option.HELP)) {
            System.out.print(CommandLine.help());
            return 0;
        }
        if (line.has(Option.VERSION)) {
            System.out.println(Versions.line());
            return 0;
        }
        if (line.mode == CommandLine.Mode.SCRIPT && !Files.isReadable(Path.of(line.target))) {
            err.println(Installation.executable() + ": can't open file '"
                    + Path.of(line.target).toAbsolutePath() + "': [Errno 2] No such file or directory");
            return EXIT_USAGE;
        }
        Hub hub;
        try {
            hub = Hub.start(hubOptions, err);
        } catch (CannotListenException e) {
            err.println("spm-python: --listen " + hubOptions.listen() + ": " + e.reason());
            return EXIT_USAGE;
        } catch (Hub.CannotStart e) {
            err.println("spm-python: " + e.getMessage());
            return EXIT_USAGE;
        }
        // Spokes boot in the background while the interpreter starts.
        try (hub; Interpreter interpreter = Interpreter.start(line, flags, interpreterFlags, hub)) {
            return interpreter.run();
        }
    }
}
