package org.spmpython.bridge.hub.run;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code macro.pinterp.template.grainFineGeneral.policyA} (DESIGN §4c): one copy of the template
 * per spoke, ranks 0..N-1 (a copy's rank is its task index), that talk to each other through the
 * hub and fail as one unit. A copy goes to its spoke with its rank and the run's size ({@link
 * #RANK_MAGIC}). Its messages (spm/pclosure/communication.py writes them) are one byte of kind,
 * then:
 * <ul>
 *   <li>{@code S} rank, value: send the value to that rank, which gets {@code M} sender, value;
 *   <li>{@code R} count: it waits in {@code recv} with no timeout, having taken {@code count}
 *       messages so far (it waits no more once it has taken one more than that);
 *   <li>{@code U}: it no longer waits (kept for a spoke that says so; a recv with a timeout
 *       does not count as waiting at all);
 *   <li>{@code A} value: its part of an {@code aggregate}; once every rank gave one, each gets
 *       {@code G} count, then per rank its length and value, in rank order.
 * </ul>
 * The run is stuck — a deadlock — when every rank that runs waits (in recv with every message
 * sent to it taken, or in an aggregate that some rank that runs no more will never join) and
 * none is pending, for {@value #STUCK_SECONDS} s.
 */
final class FineGeneralPolicy implements Policy {
    /** The first bytes of a copy sent with its rank and the run's size; a pickle never starts so. */
    static final byte[] RANK_MAGIC = "SPMRANK1\n".getBytes(StandardCharsets.US_ASCII);
    /** How long the ranks must all wait before the run counts as deadlocked (a message may be on its way). */
    static final double STUCK_SECONDS = 0.5;

    private final TemplatePolicy scheduling = new TemplatePolicy();
    /** Per rank: messages delivered to it. */
    private int[] delivered;
    /** Per rank: where it waits ("recv" with the messages it had taken, "aggregate"), or null. */
    private String[] waits;
    private int[] taken;
    /** This aggregate's parts so far, by rank. */
    private final TreeMap<Integer, byte[]> parts = new TreeMap<>();
    private long stuckSince = -1;

    private void init(RunView run) {
        if (delivered == null) {
            delivered = new int[run.size()];
            taken = new int[run.size()];
            waits = new String[run.size()];
        }
    }

    @Override
    public int next(RunView run, int spokeId) {
        return scheduling.next(run, spokeId);
    }

    @Override
    public void dispatched(int task, int spokeId) {
        scheduling.dispatched(task, spokeId);
    }

    @Override
    public void requeued(int task) {
        scheduling.requeued(task);
    }

    @Override
    public TaskSpec outgoing(RunView run, int task) {
        TaskSpec spec = run.task(task);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RANK_MAGIC);
        out.writeBytes(ByteBuffer.allocate(8).putInt(task).putInt(run.size()).array());
        out.writeBytes(spec.payload());
        return spec.withPayload(out.toByteArray());
    }

    @Override
    public boolean failsAsOneUnit() {
        return true;
    }

    @Override
    public List<Send> route(RunView run, int task, byte[] body, long now) {
        init(run);
        if (body.length == 0) {
            return List.of();
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        byte kind = b.get();
        switch (kind) {
            case 'S' -> {
                int to = b.getInt();
                if (to < 0 || to >= run.size()) {
                    return List.of(); // its Python checks the rank: this one is no rank of the run
                }
                delivered[to]++;
                byte[] message = new byte[body.length]; // M, the sender's rank for the target's, the value
                ByteBuffer.wrap(message).put((byte) 'M').putInt(task).put(body, 5, body.length - 5);
                return List.of(new Send(to, message));
            }
            case 'R' -> {
                waits[task] = "recv";
                taken[task] = b.getInt();
            }
            case 'U' -> waits[task] = null;
            case 'A' -> {
                parts.put(task, Arrays.copyOfRange(body, 1, body.length));
                waits[task] = "aggregate";
                if (parts.size() == run.size()) {
                    return aggregated(run);
                }
            }
            default -> {
            }
        }
        return List.of();
    }

    /** Every rank gave its part: each gets all of them, in rank order. */
    private List<Send> aggregated(RunView run) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('G');
        out.writeBytes(ByteBuffer.allocate(4).putInt(parts.size()).array());
        for (byte[] part : parts.values()) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(part.length).array());
            out.writeBytes(part);
        }
        byte[] all = out.toByteArray();
        parts.clear();
        List<Send> sends = new ArrayList<>(run.size());
        for (int rank = 0; rank < run.size(); rank++) {
            waits[rank] = null;
            sends.add(new Send(rank, all));
        }
        return sends;
    }

    @Override
    public String stuck(RunView run, long now) {
        init(run);
        StringBuilder why = new StringBuilder();
        for (int rank = 0; rank < run.size(); rank++) {
            if (!run.running(rank)) {
                if (run.firstPending() != NONE) {
                    stuckSince = -1;
                    return null; // a rank is still to start
                }
                continue;
            }
            boolean waiting = "aggregate".equals(waits[rank])
                    || "recv".equals(waits[rank]) && taken[rank] >= delivered[rank];
            if (!waiting) {
                stuckSince = -1;
                return null;
            }
            why.append(why.length() == 0 ? "" : ", ").append("rank ").append(rank).append(" waited in ")
                    .append(waits[rank]);
        }
        if (why.length() == 0) {
            return null;
        }
        if (stuckSince < 0) {
            stuckSince = now;
        }
        if ((now - stuckSince) / 1e9 < STUCK_SECONDS) {
            return null;
        }
        return "deadlock: every rank that runs waits and no message is on its way (" + why + ")";
    }
}
