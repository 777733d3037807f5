package org.spmpython.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code spm-python mpirun [mpirun options] ./app args}: a drop-in for Open MPI's mpirun whose job
 * inherits spm-python's fault tolerance (DESIGN §11, docs/openmpi.md). This class reads the
 * command line — {@code -np}/{@code -n}, {@code --timeout S}, {@code --pool NAME}, {@code
 * --deadlock-after S}, {@code --spokes PLAN}, the rest of mpirun's options passed through — and
 * runs it as python's command line would run {@code spm.openmpi.mpirun.main}, at a hub whose local
 * cloud has a spoke per rank (spoke threads unless {@code --spokes} says otherwise).
 */
final class MpirunCommand {
    static final String NAME = "mpirun";

    /** mpirun's options that take values (how many), so that their values are not taken for the app. */
    private static final Map<String, Integer> VALUED = Map.ofEntries(
            Map.entry("--mca", 2), Map.entry("-mca", 2), Map.entry("--gmca", 2), Map.entry("-gmca", 2),
            Map.entry("-x", 1), Map.entry("--map-by", 1), Map.entry("-map-by", 1), Map.entry("--rank-by", 1),
            Map.entry("-rank-by", 1), Map.entry("--bind-to", 1), Map.entry("-bind-to", 1), Map.entry("-wdir", 1),
            Map.entry("--wdir", 1), Map.entry("-wd", 1), Map.entry("--output-filename", 1),
            Map.entry("--stdin", 1), Map.entry("--prefix", 1), Map.entry("--path", 1));

    /** What spm-python decides itself: the hosts are the pool's spokes, the agents are its own. */
    private static final Set<String> REFUSED = Set.of("--hostfile", "-hostfile", "--machinefile", "-machinefile",
            "-H", "--host", "-host", "--default-hostfile", "--launch-agent", "--rankfile", "-rf");

    private MpirunCommand() {
    }

    /** Runs it; its exit status (2 for a wrong command line, via IllegalArgumentException). */
    static int run(List<String> words) {
        return Main.run(pythonCommandLine(words));
    }

    /** The python command line that runs these mpirun words (package-visible for tests). */
    static List<String> pythonCommandLine(List<String> words) {
        int np = 0;
        double timeout = 0;
        double deadlock = 3;
        String pool = "intraAll";
        String spokes = null;
        List<String> passed = new ArrayList<>();
        int i = 0;
        while (i < words.size() && words.get(i).startsWith("-")) {
            String word = words.get(i);
            String option = word.contains("=") && word.startsWith("--") ? word.substring(0, word.indexOf('=')) : word;
            String inline = option.equals(word) ? null : word.substring(word.indexOf('=') + 1);
            switch (option) {
                case "-np", "-n", "--np", "--n", "-c" -> np = whole(option, inline != null ? inline : value(words, i++));
                case "--timeout", "-timeout" -> timeout = seconds(option, inline != null ? inline : value(words, i++));
                case "--deadlock-after" -> deadlock = seconds(option, inline != null ? inline : value(words, i++));
                case "--pool" -> pool = inline != null ? inline : value(words, i++);
                case "--spokes" -> spokes = inline != null ? inline : value(words, i++);
                case "--oversubscribe", "-oversubscribe", "--allow-run-as-root", "-allow-run-as-root" -> {
                    // spm-python passes these itself where they are needed (DESIGN §11)
                }
                case "-h", "--help" -> throw new IllegalArgumentException(usage());
                default -> {
                    if (REFUSED.contains(option)) {
                        throw new IllegalArgumentException(option + ": spm-python mpirun runs the ranks on the "
                                + "pool's spokes; choose them with --pool NAME (and --spokes PLAN), not " + option);
                    }
                    passed.add(word);
                    int values = inline == null ? VALUED.getOrDefault(option, 0) : 0;
                    for (int v = 0; v < values; v++) {
                        passed.add(value(words, i++));
                    }
                }
            }
            i++;
        }
        if (i >= words.size()) {
            throw new IllegalArgumentException("no program to run: " + usage());
        }
        if (spokes == null) {
            spokes = "threads:" + (np > 0 ? np : Runtime.getRuntime().availableProcessors());
        }
        List<String> line = new ArrayList<>(List.of("--spokes", spokes, "-c",
                "import sys, spm.openmpi.mpirun as m; sys.exit(m.main())",
                Integer.toString(np), Double.toString(timeout), pool, Double.toString(deadlock),
                Integer.toString(passed.size())));
        line.addAll(passed);
        line.addAll(words.subList(i, words.size()));
        return line;
    }

    static String usage() {
        return "usage: spm-python mpirun [-np N] [--timeout S] [--pool intraAll|intraOnePerServer|inter|"
                + "interOnePerServer] [--deadlock-after S] [--spokes PLAN] [mpirun options] ./app [args...]";
    }

    private static String value(List<String> words, int i) {
        if (i + 1 >= words.size()) {
            throw new IllegalArgumentException(words.get(i) + " needs a value");
        }
        return words.get(i + 1);
    }

    private static int whole(String option, String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " takes a whole number of ranks (1 or more), not '" + text + "'");
    }

    private static double seconds(String option, String text) {
        try {
            double s = Double.parseDouble(text);
            if (s >= 0 && Double.isFinite(s)) {
                return s;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " takes seconds (0 or more), not '" + text + "'");
    }
}
