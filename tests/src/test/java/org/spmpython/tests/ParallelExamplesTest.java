package org.spmpython.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The examples of the DAG and fine-grain managers (examples-py/) run as a user runs them, each
 * checking its own answer; spoke threads keep them quick, except the DAG on spoke processes.
 */
@ExtendWith(ProcessLeakCheck.class)
class ParallelExamplesTest {
    private static SpmPython.Result example(String spokes, String script, String... args) {
        String[] argv = new String[args.length + 3];
        argv[0] = "--spokes";
        argv[1] = spokes;
        argv[2] = Paths.examples().resolve(script).toString();
        System.arraycopy(args, 0, argv, 3, args.length);
        var r = SpmPython.with(argv).timeout(Duration.ofSeconds(300)).run();
        assertEquals(0, r.exitCode(), r.toString());
        return r;
    }

    @Test
    void dagMapReduceSumsTheSquares() {
        var r = example("local:2", "dag_mapreduce.py", "200000", "6");
        assertTrue(r.stdout().contains("sum of squares below 200000: 2666646666700000 in ")
                && r.stdout().contains("(9 tasks)") && r.stdout().endsWith("OK\n"), r.toString());
    }

    @Test
    void progressiveAggregationHearsEverySliceBeforeTheTasksEnd() {
        var r = example("threads:2", "progressive.py", "50000", "3");
        assertTrue(r.stdout().contains("primes below 50000: running total 5133 from 12 posts; tasks' own counts sum "
                + "to 5133") && r.stdout().endsWith("OK\n"), r.toString());
        assertTrue(r.stdout().contains(" --> task 0 [0, 16666): +"), r.toString());
    }

    @Test
    void aggregateAgreesOnPiOverThreeRanks() {
        var r = example("threads:3", "aggregate.py", "30000");
        assertTrue(r.stdout().contains("OK: 3 ranks agree on pi = 3.14159"), r.toString());
    }
}
