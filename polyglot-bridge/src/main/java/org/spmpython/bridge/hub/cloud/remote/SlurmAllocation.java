package org.spmpython.bridge.hub.cloud.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Slurm allocation the hub runs in, from the variables Slurm sets ({@code SLURM_JOB_ID},
 * {@code SLURM_JOB_NODELIST}, {@code SLURM_JOB_CPUS_PER_NODE}); the node list is expanded by
 * {@code scontrol show hostnames}, Slurm's own reading of its compressed form.
 */
public record SlurmAllocation(String jobId, List<Node> nodes) {
    /** A node of the allocation and how many of its CPUs are the job's. */
    public record Node(String name, int cpus) {
    }

    /** True inside an allocation (an sbatch script, salloc). */
    public static boolean inside(Map<String, String> env) {
        String job = env.get("SLURM_JOB_ID");
        return job != null && !job.isBlank();
    }

    /**
     * Reads the allocation.
     *
     * @throws IllegalArgumentException in words, when the hub is not inside one or it cannot be read
     */
    public static SlurmAllocation of(Map<String, String> env) {
        if (!inside(env)) {
            throw new IllegalArgumentException("--spokes slurm: not inside a Slurm allocation (SLURM_JOB_ID is not"
                    + " set): run the hub from an sbatch script or under salloc");
        }
        String list = env.getOrDefault("SLURM_JOB_NODELIST", env.get("SLURM_NODELIST"));
        String cpus = env.getOrDefault("SLURM_JOB_CPUS_PER_NODE", "");
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("--spokes slurm: SLURM_JOB_NODELIST is not set in job " + env.get("SLURM_JOB_ID"));
        }
        List<String> names = hostnames(list);
        List<Integer> perNode = cpusPerNode(cpus, names.size());
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            nodes.add(new Node(names.get(i), perNode.get(i)));
        }
        return new SlurmAllocation(env.get("SLURM_JOB_ID"), nodes);
    }

    /** Every allocated CPU, nodes in turn (the first CPU of each node, then the second ...): the first N spread. */
    public List<String> cpusInTurn() {
        List<String> order = new ArrayList<>();
        int most = nodes.stream().mapToInt(Node::cpus).max().orElse(0);
        for (int c = 0; c < most; c++) {
            for (Node n : nodes) {
                if (c < n.cpus()) {
                    order.add(n.name());
                }
            }
        }
        return order;
    }

    /** {@code SLURM_JOB_CPUS_PER_NODE}: "2(x3),1" is 2, 2, 2, 1. */
    static List<Integer> cpusPerNode(String value, int nodes) {
        List<Integer> cpus = new ArrayList<>();
        try {
            for (String part : value.split(",")) {
                int x = part.indexOf("(x");
                int n = Integer.parseInt(x < 0 ? part.strip() : part.substring(0, x));
                int times = x < 0 ? 1 : Integer.parseInt(part.substring(x + 2, part.indexOf(')')));
                for (int i = 0; i < times; i++) {
                    cpus.add(n);
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--spokes slurm: cannot read SLURM_JOB_CPUS_PER_NODE '" + value + "'");
        }
        if (cpus.size() != nodes) {
            throw new IllegalArgumentException("--spokes slurm: SLURM_JOB_CPUS_PER_NODE '" + value + "' gives "
                    + cpus.size() + " nodes, SLURM_JOB_NODELIST " + nodes);
        }
        return cpus;
    }

    private static List<String> hostnames(String list) {
        if (!list.contains("[")) {
            return List.of(list.split(","));
        }
        try {
            Process p = new ProcessBuilder("scontrol", "show", "hostnames", list).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalArgumentException("--spokes slurm: scontrol show hostnames " + list + " failed: " + out.strip());
            }
            return List.of(out.strip().split("\\s+"));
        } catch (IOException e) {
            throw new IllegalArgumentException("--spokes slurm: cannot run scontrol: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("--spokes slurm: interrupted reading the node list");
        }
    }
}
