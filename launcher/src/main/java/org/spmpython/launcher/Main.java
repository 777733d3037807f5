package org.spmpython.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.spmpython.bridge.Versions;

/** Entry point of the {@code spm-python} command (bin/spm-python starts the JVM here). */
public final class Main {
    /** Exit status for a wrong command line, as python's. */
    static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> args) {
        PrintStream err = System.err;
        CommandLine line;
        try {
            line = CommandLine.parse(args);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(CommandLine.shortUsage());
            return EXIT_USAGE;
        }
        if (line.mode == CommandLine.Mode.SPOKE) {
            try {
                return SpokeMain.run(line);
            } catch (UsageException e) {
                err.println(e.getMessage());
                return EXIT_USAGE;
            }
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
        HubOptions hubOptions;
        try {
            hubOptions = HubOptions.of(line);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(CommandLine.shortUsage());
            return EXIT_USAGE;
        }
        // Spokes boot in the background while the interpreter starts.
        try (Hub hub = Hub.start(hubOptions, err); Interpreter interpreter = Interpreter.start(line, hub)) {
            return interpreter.run();
        }
    }
}
