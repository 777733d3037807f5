package org.spmpython.bridge.hub.run;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.spmpython.bridge.wire.TaskStatus;

/**
 * {@code macro.*.dag.grainCoarse.policyA} (DESIGN §4b): a pushed task runs once every task it
 * waits for ({@link TaskSpec.Links}) is done; ready tasks go in push order, on any spoke. A task
 * goes to its spoke with the results of its inputs ({@link #envelope}); a result is held only
 * until the last task that takes it was dispatched. When a task fails, every task that depends on
 * it, directly or not, is dropped naming the first failed upstream; independent branches go on.
 */
final class DagPolicy implements Policy {
    /**
     * The first bytes of a task that travels with its upstream results; then a count, and per
     * result its task index, length and bytes; then the task as Python packed it. The spoke's
     * Python reads it (spm/_dag.py): a pickle never starts with these bytes.
     */
    static final byte[] MAGIC = "SPMDAG1\n".getBytes(StandardCharsets.US_ASCII);

    private int[] waiting;
    private List<List<Integer>> dependents;
    /** Per task: how many not yet dispatched tasks take its result. */
    private int[] takers;
    private final TreeSet<Integer> ready = new TreeSet<>();
    private final Map<Integer, byte[]> results = new HashMap<>();
    /**
     * Why each task this policy dropped was dropped: its dependents are dropped for the same first
     * failure, and a task another failed upstream would drop again is in here already.
     */
    private final Map<Integer, String> cause = new HashMap<>();

    /** How many upstream results it holds now (for tests). */
    int heldResults() {
        return results.size();
    }

    private void init(RunView run) {
        if (waiting != null) {
            return;
        }
        int n = run.size();
        waiting = new int[n];
        takers = new int[n];
        dependents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>(0));
        }
        for (int i = 0; i < n; i++) {
            TaskSpec.Links links = run.task(i).links();
            for (int up : distinct(links)) { // each before i: Manager.DAG checked
                waiting[i]++;
                dependents.get(up).add(i);
            }
            for (int up : links.inputs()) {
                takers[up]++;
            }
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
    }

    private static int[] distinct(TaskSpec.Links links) {
        return IntStream.concat(Arrays.stream(links.inputs()), Arrays.stream(links.after())).distinct().toArray();
    }

    @Override
    public int next(RunView run, int spokeId) {
        init(run);
        return ready.isEmpty() ? NONE : ready.first();
    }

    @Override
    public void dispatched(int task, int spokeId) {
        ready.remove(task);
    }

    @Override
    public void requeued(int task) {
        ready.add(task); // its inputs were done before it went: they still are
    }

    @Override
    public TaskSpec outgoing(RunView run, int task) {
        init(run);
        TaskSpec spec = run.task(task);
        int[] inputs = spec.links().inputs();
        if (inputs.length == 0) {
            return spec;
        }
        int[] unique = Arrays.stream(inputs).distinct().toArray();
        byte[] bytes = envelope(unique, spec.payload());
        for (int up : inputs) {
            if (--takers[up] == 0) {
                results.remove(up); // its last taker has it now
            }
        }
        return spec.withPayload(bytes);
    }

    private byte[] envelope(int[] inputs, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(inputs.length).array());
        for (int up : inputs) {
            byte[] result = results.get(up);
            if (result == null) {
                throw new IllegalStateException("task " + up + "'s result is not held");
            }
            out.writeBytes(ByteBuffer.allocate(8).putInt(up).putInt(result.length).array());
            out.writeBytes(result);
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    @Override
    public List<Drop> reported(RunView run, int task, TaskStatus status, byte[] payload, String error) {
        init(run);
        ready.remove(task);
        List<Integer> down = dependents.get(task);
        if (status == TaskStatus.DONE) {
            if (takers[task] > 0) {
                results.put(task, payload);
            }
            for (int d : down) {
                if (--waiting[d] == 0) {
                    ready.add(d);
                }
            }
            return List.of();
        }
        takers[task] = 0;
        results.remove(task);
        if (down.isEmpty()) {
            return List.of();
        }
        String why = cause.get(task);
        if (why == null) {
            why = "its upstream task '" + run.task(task).links().label() + "'" + " (task " + task + ") failed with "
                    + status.exception() + ": " + RunCore.lastLine(error);
        }
        List<Drop> drops = new ArrayList<>(down.size());
        for (int d : down) {
            if (!cause.containsKey(d)) {
                cause.put(d, why);
                drops.add(new Drop(d, why));
            }
        }
        return drops;
    }

}
