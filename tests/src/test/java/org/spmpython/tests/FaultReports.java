package org.spmpython.tests;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what a run of tests/src/test/resources/taskmanager/faults.py printed. */
final class FaultReports {
    /** A done report of a 'who' task, or of a template's copy of one. */
    private static final Pattern WHO_DONE = Pattern.compile("^\\('(?:\\d+-who|copy)', 'done', '(spoke-\\d+)@.*$");

    private FaultReports() {
    }

    /** The report lines, one per task, that follow the run's EvalDone line. */
    static String[] lines(String out) {
        return out.substring(out.indexOf("EvalDone\n") + "EvalDone\n".length()).split("\n");
    }

    /** The spoke each 'who' task (or copy) ran on ("spoke-ID"), in report order; every line must be one. */
    static List<String> spokesOfWho(String out) {
        return List.of(lines(out)).stream().map(line -> {
            Matcher m = WHO_DONE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a done 'who' report: " + line + "\nin:\n" + out);
            }
            return m.group(1);
        }).toList();
    }
}
