package org.spmpython.bridge.hub.run;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spmpython.bridge.hub.run.FakeSpokes.HUB;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.spmpython.bridge.wire.TaskStatus;

/**
 * DESIGN §4a's invariants, for every policy, on random runs: random specs and tasks, and random
 * interleavings of spokes booting, joining late, going busy, leaving, dying mid-task or hanging,
 * tasks finishing, answers arriving late or out of order across spokes, time jumping past every
 * timeout, and callbacks raising. Checked after every step, and at the end once every task is made
 * to conclude. Under policyB (coarse-grain tasks with {@link TaskSpec#retries}) a task goes again only
 * after its spoke was lost while it ran, while it has tries left, and its report counts its tries. A failure is shrunk to a simpler scenario that still fails, and tells its run's story.
 *
 * <p>Scenario {@code i} comes from seed {@code spm.property.seed + i} (a fixed base unless given), for
 * {@code spm.property.tries} scenarios (10,000 unless given): {@code -Dspm.property.seed=S
 * -Dspm.property.tries=1} runs the scenario of seed S alone.
 */
class RunPropertyTest {
    private static final long BASE_SEED = 20_260_101L;
    private static final int TRIES = 10_000;
    private static final String[] SERVERS = {HUB, "s1", "s2", "s3"};
    private static final byte[] PAYLOAD = {1};
    private static final TaskSpec USUAL_TASK = new TaskSpec(PAYLOAD, 0, false, false);

    /** The kinds of step, each with how often it comes. */
    enum Kind {
        BOOT(12), JOIN(18), READY(15), BUSY(5), FINISH(40), LOSE(8), LEAVE(5), DELIVER_ONE(15), ADVANCE(25),
        STALE(5), RAISE(1), MESSAGE(10), REPLY(5);

        static final int[] WEIGHTS = Arrays.stream(values()).mapToInt(k -> k.weight).toArray();

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    /** A spoke that exists before the run starts. */
    record Initial(int server, boolean local, boolean booting, boolean busy) {
        static final Initial USUAL = new Initial(0, false, false, false);

        @Override
        public String toString() {
            return (booting ? "booting" : busy ? "busy" : "idle") + "@" + SERVERS[server] + (local ? "/local" : "");
        }
    }

    /**
     * One thing that happens: {@code pick} chooses among the spokes (or events, or keys) it can
     * apply to; unless {@code keepInFlight}, every event then in flight is delivered after it.
     */
    record Step(Kind kind, int pick, int server, boolean local, double seconds, TaskStatus status,
            boolean keepInFlight) {
        /** The step of this kind with every field at its usual value. */
        Step usual() {
            return new Step(kind, 0, 0, false, 1.0, TaskStatus.DONE, false);
        }

        @Override
        public String toString() {
            String what = switch (kind) {
                case BOOT, JOIN -> kind + "@" + SERVERS[server] + (local ? "/local" : "");
                case FINISH, STALE -> kind + "#" + pick + " " + status;
                case ADVANCE -> kind + " " + seconds + "s";
                case RAISE -> kind.toString();
                default -> kind + "#" + pick;
            };
            return what.toLowerCase() + (keepInFlight ? " (in flight)" : "");
        }
    }

    record Scenario(RunSpec spec, List<TaskSpec> tasks, List<Initial> initial, boolean relaunch, List<Step> steps) {
        /** This scenario's run with every field of its spec at its usual value, and no relaunch. */
        Scenario usual() {
            return new Scenario(new RunSpec(spec.manager(), new Pool(false, false, HUB), 0, 0, 30, 0), tasks,
                    initial, false, steps);
        }

        Scenario withTasks(List<TaskSpec> tasks) {
            return new Scenario(spec, tasks, initial, relaunch, steps);
        }

        Scenario withInitial(List<Initial> initial) {
            return new Scenario(spec, tasks, initial, relaunch, steps);
        }

        Scenario withSteps(List<Step> steps) {
            return new Scenario(spec, tasks, initial, relaunch, steps);
        }

        String size() {
            return steps.size() + " steps, " + tasks.size() + " tasks, " + initial.size() + " initial spokes";
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            b.append(spec.manager()).append(" pool(inter=").append(spec.pool().interServer()).append(", onePerServer=")
                    .append(spec.pool().onePerServer()).append(") min=").append(spec.minSpokes()).append(" max=")
                    .append(spec.maxSpokes()).append(" wait=").append(spec.waitForSpokesSeconds()).append(" exec=")
                    .append(spec.executionSeconds()).append(" maxQueue=").append(spec.maxQueue()).append(relaunch ? " relaunch" : "").append("\n  tasks:");
            for (TaskSpec t : tasks) {
                b.append(" [").append(t.timeoutSeconds()).append("s").append(t.relaunchPre() ? " pre" : "")
                        .append(t.relaunchPost() ? " post" : "").append(t.retries() > 0 ? " retries=" + t.retries() : "");
                if (t.links().inputs().length + t.links().after().length > 0) {
                    b.append(" in=").append(Arrays.toString(t.links().inputs())).append(" after=")
                            .append(Arrays.toString(t.links().after()));
                }
                b.append("]");
            }
            return b.append("\n  spokes: ").append(initial).append("\n  steps: ").append(steps).toString();
        }
    }

    @Test
    void everyRunKeepsTheCoresInvariants() {
        long base = Long.getLong("spm.property.seed", BASE_SEED);
        int tries = Integer.getInteger("spm.property.tries", TRIES);
        Statistics statistics = new Statistics();
        for (int i = 0; i < tries; i++) {
            long seed = base + i;
            Scenario scenario = scenario(new Gen(seed));
            try {
                statistics.add(new Checked(scenario).run());
            } catch (AssertionError | RuntimeException e) {
                throw shrunk(seed, scenario, e);
            }
        }
        statistics.print("RunPropertyTest: " + tries + " scenarios, seeds " + base + " to " + (base + tries - 1));
        // So that a generator that stopped making one of these kinds of run shows (each is 5 % or more now).
        int atLeast = tries / 500;
        for (String outcome : List.of("every task reported", "expired", "no spokes", "callback raised")) {
            assertTrue(statistics.count("outcome", outcome) >= atLeast, "too few runs ended '" + outcome + "'");
        }
        assertTrue(statistics.count("a message delivered to a task", true) >= atLeast,
                "too few runs delivered a message to a task");
        assertTrue(statistics.count("a DAG task dropped for its upstream", true) >= atLeast,
                "too few DAG runs dropped a task for its upstream");
        assertTrue(statistics.count("a queued task went again after its spoke was lost", true) >= atLeast / 4,
                "too few runs gave a task again after the spoke it waited on was lost");
        assertTrue(statistics.count("a task that ran went again after its spoke was lost (policyB)", true) >= atLeast,
                "too few runs retried a task under policyB");
        assertTrue(statistics.count("a task queued behind another", true) >= atLeast,
                "too few runs queued a task behind another on a spoke (pipelining)");
        assertTrue(statistics.count("a spoke ended for a task's timeout", true) >= atLeast,
                "too few runs had a spoke ended for a task's timeout");
    }

    // --- generators ---------------------------------------------------------------------------------

    private static Scenario scenario(Gen g) {
        RunSpec spec = spec(g);
        List<TaskSpec> tasks = g.list(1, 6, () -> task(g));
        if (spec.manager() == Manager.DAG) {
            List<TaskSpec> linked = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                TaskSpec t = tasks.get(i);
                linked.add(new TaskSpec(t.payload(), t.timeoutSeconds(), t.relaunchPre(), t.relaunchPost(),
                        new TaskSpec.Links("task " + i, upstream(g, i, 2), upstream(g, i, 1))));
            }
            tasks = linked;
        }
        Scenario scenario = new Scenario(spec, tasks, g.list(1, 5, () -> initial(g)), g.of(false, true),
                g.list(0, 60, () -> step(g)));
        // Drawn last, so that every scenario before policyB is as it was.
        if (retrying(spec.manager()) && g.oneIn(2)) {
            scenario = scenario.withTasks(scenario.tasks().stream().map(t -> t.withRetries(g.between(0, 3))).toList());
        }
        return scenario;
    }

    /** The managers that have a policyB: the coarse-grain list, template and DAG. */
    private static boolean retrying(Manager m) {
        return m == Manager.LIST || m == Manager.TEMPLATE || m == Manager.DAG;
    }

    /** Up to {@code most} distinct tasks before task {@code i}. */
    private static int[] upstream(Gen g, int i, int most) {
        return i == 0 ? new int[0] : java.util.stream.IntStream.range(0, g.between(0, most))
                .map(k -> g.between(0, i - 1)).distinct().toArray();
    }

    /** A DAG's tasks with every link to a task not before it gone (shrinking removes tasks). */
    private static List<TaskSpec> backwardOnly(List<TaskSpec> tasks) {
        List<TaskSpec> out = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            TaskSpec t = tasks.get(i);
            int before = i;
            TaskSpec.Links l = t.links();
            out.add(new TaskSpec(t.payload(), t.timeoutSeconds(), t.relaunchPre(), t.relaunchPost(),
                    new TaskSpec.Links(l.label(), Arrays.stream(l.inputs()).filter(u -> u < before).toArray(),
                            Arrays.stream(l.after()).filter(u -> u < before).toArray()), t.retries()));
        }
        return out;
    }

    private static RunSpec spec(Gen g) {
        return new RunSpec(g.of(Manager.values()), new Pool(g.of(true, false), g.of(false, true), HUB),
                g.often(0, 6, 1, 2, 3), g.often(0, 3, 1, 2, 4), g.often(30.0, 3, 0.0, 1.0, 5.0),
                g.often(0.0, 3, 10.0, 60.0, 300.0), g.often(1, 2, 2, 4, RunSpec.PIPELINED));
    }

    private static TaskSpec task(Gen g) {
        return new TaskSpec(PAYLOAD, g.often(0.0, 2, 1.0, 5.0, 20.0), g.oneIn(7), g.oneIn(7));
    }

    private static Initial initial(Gen g) {
        return new Initial(server(g), g.of(true, false), g.oneIn(4), g.oneIn(6));
    }

    private static Step step(Gen g) {
        Kind kind = Kind.values()[g.choose(Kind.WEIGHTS)];
        return new Step(kind, g.between(0, 7), server(g), g.of(true, false), seconds(g),
                g.often(TaskStatus.DONE, 6, TaskStatus.LOAD, TaskStatus.EVAL), g.oneIn(4));
    }

    /** Mostly a few seconds; sometimes past a task's timeout and grace, sometimes past the run's. */
    private static double seconds(Gen g) {
        int tenths = switch (g.choose(15, 4, 1)) {
            case 0 -> g.between(0, 30);
            case 1 -> g.between(30, 300);
            default -> g.between(300, 4000);
        };
        return tenths / 10.0;
    }

    /** Mostly the hub's server (every pool takes its spokes). */
    private static int server(Gen g) {
        return g.often(0, 3, 1, 2, 3);
    }

    /** Random choices, from one seed. */
    private static final class Gen {
        private final Random random;

        Gen(long seed) {
            this.random = new Random(seed);
        }

        /** The index of a weight, as often as its share of the sum. */
        int choose(int... weights) {
            int r = random.nextInt(Arrays.stream(weights).sum());
            int i = 0;
            while (r >= weights[i]) {
                r -= weights[i++];
            }
            return i;
        }

        @SafeVarargs
        final <T> T of(T... values) {
            return values[random.nextInt(values.length)];
        }

        /** {@code usual} {@code weight} times as often as each of the others. */
        @SafeVarargs
        final <T> T often(T usual, int weight, T... others) {
            int r = random.nextInt(weight + others.length);
            return r < weight ? usual : others[r - weight];
        }

        boolean oneIn(int n) {
            return random.nextInt(n) == 0;
        }

        int between(int min, int max) {
            return min + random.nextInt(max - min + 1);
        }

        <T> List<T> list(int minSize, int maxSize, Supplier<T> element) {
            int n = between(minSize, maxSize);
            List<T> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(element.get());
            }
            return List.copyOf(list);
        }
    }

    // --- shrinking ----------------------------------------------------------------------------------

    /** The failure of a simpler scenario that still fails, with the seed and size of the original. */
    private static AssertionError shrunk(long seed, Scenario scenario, Throwable failure) {
        Shrinker<Scenario> shrinker = new Shrinker<>(s -> failure(s).isPresent(),
                s -> Shrinker.shorter(s.steps(), 0).map(s::withSteps),
                s -> Shrinker.shorter(s.tasks(), 1).map(s::withTasks),
                s -> Shrinker.shorter(s.initial(), 1).map(s::withInitial),
                s -> Shrinker.towards(s, s.usual()),
                s -> Shrinker.eachTowards(s.tasks(), t -> USUAL_TASK).map(s::withTasks),
                s -> Shrinker.eachTowards(s.initial(), i -> Initial.USUAL).map(s::withInitial),
                s -> Shrinker.eachTowards(s.steps(), Step::usual).map(s::withSteps));
        Scenario simplest = shrinker.shrink(scenario);
        Throwable why = failure(simplest).orElseThrow();
        return new AssertionError("the scenario of seed " + seed + " (" + scenario.size() + ") failed: "
                + firstLine(failure) + "\nrun it alone with -Dspm.property.seed=" + seed
                + " -Dspm.property.tries=1\nshrunk, in " + shrinker.tried() + " runs, to " + simplest
                + "\nwhich fails: " + (why instanceof AssertionError ? why.getMessage() : why), why);
    }

    private static Optional<Throwable> failure(Scenario scenario) {
        try {
            new Checked(scenario).run();
            return Optional.empty();
        } catch (AssertionError | RuntimeException e) {
            return Optional.of(e);
        }
    }

    private static String firstLine(Throwable t) {
        String text = t instanceof AssertionError ? t.getMessage() : t.toString();
        return text == null ? t.getClass().getName() : text.lines().findFirst().orElse("");
    }

    // --- statistics ---------------------------------------------------------------------------------

    /** How many runs had each value of each label, printed once at the end. */
    private static final class Statistics {
        private final Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        private int runs;

        void add(Map<String, Object> run) {
            runs++;
            run.forEach((label, value) -> counts.computeIfAbsent(label, l -> new TreeMap<>())
                    .merge(String.valueOf(value), 1, Integer::sum));
        }

        int count(String label, Object value) {
            return counts.getOrDefault(label, Map.of()).getOrDefault(String.valueOf(value), 0);
        }

        void print(String title) {
            StringBuilder b = new StringBuilder(title).append('\n');
            counts.forEach((label, values) -> {
                b.append("  ").append(label).append(":\n");
                values.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .forEach(e -> b.append(String.format("    %-28s %6d  %5.1f %%%n", e.getKey(), e.getValue(),
                                100.0 * e.getValue() / runs)));
            });
            System.out.print(b);
        }
    }

    // --- one run, checked ----------------------------------------------------------------------------

    private static final class Checked {
        private final Scenario scenario;
        private final FakeSpokes fake;
        private final RunHarness run;
        private final RunSpec spec;
        private int checked;
        private boolean raised;
        /** Task -> the key of its dispatch; key -> task. */
        private final Map<Integer, Long> dispatchedKey = new HashMap<>();
        private final Map<Long, Integer> taskOfKey = new HashMap<>();
        private final Map<Integer, Integer> spokeOfTask = new HashMap<>();
        private final Set<Integer> reported = new HashSet<>();
        /** Task -> how it was reported. */
        private final Map<Integer, TaskStatus> statusOf = new HashMap<>();
        private List<TaskSpec> tasks;
        private final Set<Integer> spokesThatRanACopy = new HashSet<>();
        private final Set<Integer> heldNow = new TreeSet<>();
        private int lastListTask = -1;
        /** Spoke -> the tasks given to it and not reported yet, in order (the first runs, the others wait). */
        private final Map<Integer, List<Integer>> onSpoke = new HashMap<>();
        private boolean queued;
        private boolean requeued;
        private boolean retried;
        /** Task -> the keys of all its dispatches, in order. */
        private final Map<Integer, List<Long>> keysOf = new HashMap<>();

        Checked(Scenario scenario) {
            this.scenario = scenario;
            this.spec = scenario.spec();
            this.fake = new FakeSpokes(scenario.relaunch(), spec.maxQueue());
            for (Initial i : scenario.initial()) {
                int id = i.booting() ? fake.boot(SERVERS[i.server()], i.local()) : fake.join(SERVERS[i.server()], i.local());
                if (i.busy() && !i.booting()) {
                    fake.busy(id);
                }
            }
            int copies = expectedCopies();
            boolean template = templateLike(spec.manager());
            this.tasks = spec.manager() == Manager.DAG ? backwardOnly(scenario.tasks()) : scenario.tasks();
            this.run = RunHarness.start(fake, spec, template ? tasks.subList(0, 1) : tasks);
            check(run.loop.size() == (template ? copies : tasks.size()),
                    "the run has " + run.loop.size() + " tasks, not " + (template ? copies : tasks.size()));
            checkNewCommands();
        }

        /** One copy per spoke of the pool (booting and busy ones too), within nSpokesMax, at least one. */
        private int expectedCopies() {
            Set<String> servers = new HashSet<>();
            int spokes = 0;
            for (SpokeInfo s : fake.now()) {
                if (spec.pool().admits(s.serverName()) && (!spec.pool().onePerServer() || servers.add(s.serverName()))) {
                    spokes++;
                }
            }
            return Math.max(1, spec.maxSpokes() > 0 ? Math.min(spokes, spec.maxSpokes()) : spokes);
        }

        /** Runs the steps, then makes every task conclude; returns what kind of run this was. */
        Map<String, Object> run() {
            for (Step step : scenario.steps()) {
                apply(step);
                if (!step.keepInFlight()) {
                    run.deliver();
                }
                checkNewCommands();
            }
            int beforeEnd = run.reports().size();
            conclude();
            checkTheEnd();
            return statistics(beforeEnd);
        }

        /** What kind of run this was, so that a change that makes the generator dull shows. */
        private Map<String, Object> statistics(int reportedBeforeTheEnd) {
            RunCore core = run.core();
            List<String> log = fake.log();
            Map<String, Object> labels = new LinkedHashMap<>();
            labels.put("outcome", core.aborted() ? "callback raised" : core.failure() != null ? "no spokes"
                    : core.expired() ? "expired" : "every task reported");
            labels.put("reports during the steps", reportedBeforeTheEnd == 0 ? "none"
                    : reportedBeforeTheEnd == run.loop.size() ? "all" : "some");
            labels.put("dispatches", Math.min(dispatchedKey.size(), 5));
            labels.put("a spoke ended for a task's timeout", log.stream().anyMatch(l -> l.contains("passed its timeout")));
            labels.put("a dispatch answered by a loss",
                    run.reports().stream().anyMatch(r -> r.error().contains("could not take work")));
            labels.put("a DAG task dropped for its upstream",
                    run.reports().stream().anyMatch(r -> r.error().contains("its upstream task")));
            labels.put("a message delivered to a task", log.stream().anyMatch(l -> l.startsWith("deliver key")));
            labels.put("a task queued behind another", queued);
            labels.put("a queued task went again after its spoke was lost", requeued);
            labels.put("a task that ran went again after its spoke was lost (policyB)", retried);
            labels.put("relaunchPre ended a spoke", log.stream().anyMatch(l -> l.contains("relaunchPre")));
            labels.put("status", run.reports().stream().map(r -> r.status().label()).distinct().sorted().toList());
            return labels;
        }

        private void apply(Step step) {
            switch (step.kind()) {
                case BOOT -> fake.boot(SERVERS[step.server()], step.local());
                case JOIN -> fake.join(SERVERS[step.server()], step.local());
                case READY -> pick(step, concat(fake.inState(FakeSpokes.State.BOOTING), fake.inState(FakeSpokes.State.BUSY)))
                        .ifPresent(fake::ready);
                case BUSY -> pick(step, fake.inState(FakeSpokes.State.IDLE).stream()
                        .filter(id -> fake.spoke(id).task() == 0).toList()).ifPresent(fake::busy);
                case FINISH -> pick(step, fake.running()).ifPresent(id -> fake.finish(id, step.status()));
                case LOSE -> pick(step, fake.live()).ifPresent(fake::lose);
                case LEAVE -> pick(step, fake.live().stream()
                        .filter(id -> fake.spoke(id).state != FakeSpokes.State.LEAVING).toList()).ifPresent(fake::leave);
                case DELIVER_ONE -> run.deliverOne(step.pick());
                case ADVANCE -> run.advance(step.seconds());
                case STALE -> staleAnswer(step);
                case MESSAGE -> pick(step, fake.running()).ifPresent(id -> fake.message(id, messageBody(step)));
                case REPLY -> reply(step);
                case RAISE -> {
                    raised |= !run.offline();
                    run.callbackRaised();
                }
            }
        }

        /** A task's message: to the hub (limited), or one of a general rank's (a send, a wait, a part). */
        private byte[] messageBody(Step step) {
            if (spec.manager() != Manager.TEMPLATE_FINE_GENERAL) {
                return new byte[] {'m'};
            }
            return switch (Math.floorMod(step.pick(), 3)) {
                case 0 -> java.nio.ByteBuffer.allocate(6).put((byte) 'S').putInt(step.server()).put((byte) 1).array();
                case 1 -> new byte[] {'A', 1};
                default -> java.nio.ByteBuffer.allocate(5).put((byte) 'R').putInt(0).array();
            };
        }

        /** The hub's callback replies to the message of any dispatch so far, running or ended. */
        private void reply(Step step) {
            List<Long> keys = new ArrayList<>(new TreeSet<>(taskOfKey.keySet()));
            if (!keys.isEmpty() && !run.offline()) {
                run.loop.reply(keys.get(Math.floorMod(step.pick(), keys.size())), new byte[] {'r'});
            }
        }

        /** DESIGN §4c: a message reaches only a task that runs now, on its own spoke. */
        private void delivered(RunCommand.Deliver d) {
            Integer task = taskOfKey.get(d.key());
            check(task != null, "a message delivered for key " + d.key() + ", which no dispatch had");
            check(!reported.contains(task), "a message delivered to task " + task + ", which was reported");
            check(spokeOfTask.get(task) == d.spokeId(), "a message for task " + task + " went to spoke " + d.spokeId()
                    + ", not its own " + spokeOfTask.get(task));
        }

        /** Only a limited run hands its tasks' messages to the hub's callback, and only a running task's. */
        private void forwarded(RunCommand.Forward f) {
            check(spec.manager() == Manager.LIST_FINE_LIMITED || spec.manager() == Manager.TEMPLATE_FINE_LIMITED,
                    "a " + spec.manager() + " run forwarded a message to the hub's callback");
            check(dispatchedKey.get(f.task()) != null && dispatchedKey.get(f.task()) == f.key() && !reported.contains(f.task()),
                    "a message forwarded from task " + f.task() + ", which does not run under key " + f.key());
        }

        /** An answer for a dispatch the spoke no longer runs (it timed out, its run expired...). */
        private void staleAnswer(Step step) {
            Set<Long> live = fake.held(true); // a queued task is not answered before it ran either
            List<Long> stale = new TreeSet<>(taskOfKey.keySet()).stream().filter(k -> !live.contains(k)).toList();
            if (!stale.isEmpty()) {
                long key = stale.get(Math.floorMod(step.pick(), stale.size()));
                fake.answer(spokeOfTask.get(taskOfKey.get(key)), key, step.status());
            }
        }

        /** Time far past every timeout; every task still running ends; if tasks still wait, fresh spokes come. */
        private void conclude() {
            run.deliver();
            run.advance(100_000);
            run.deliver();
            for (int round = 0; round < run.loop.size() + 3 && !run.offline(); round++) {
                fake.running().forEach(id -> fake.finish(id, TaskStatus.DONE));
                run.deliver();
                checkNewCommands();
                if (run.offline()) {
                    break;
                }
                fake.live().forEach(fake::lose);
                fake.join(HUB, false);
                run.deliver();
                checkNewCommands();
            }
            checkNewCommands();
        }

        // --- the invariants -------------------------------------------------------------------------

        /** Every command since the last check, against the rules (the fake checked what the run knew). */
        private void checkNewCommands() {
            List<RunCommand> all = run.commands();
            for (RunCommand c : all.subList(checked, all.size())) {
                switch (c) {
                    case RunCommand.Acquire a -> acquired(a.spokeId());
                    case RunCommand.Dispatch d -> dispatched(d);
                    case RunCommand.Report r -> reported(r.report());
                    case RunCommand.Release r -> heldNow.remove(r.spokeId());
                    case RunCommand.EndSpoke e -> {
                    }
                    case RunCommand.Deliver d -> delivered(d);
                    case RunCommand.Forward f -> forwarded(f);
                }
            }
            checked = all.size();
        }

        private void acquired(int id) {
            heldNow.removeIf(h -> fake.told(h) == FakeSpokes.Told.LOST);
            String server = fake.spoke(id).server;
            check(spec.pool().admits(server), "spoke " + id + " of server " + server + " is not in the pool");
            check(!spec.pool().onePerServer() || heldNow.stream().noneMatch(h -> fake.spoke(h).server.equals(server)),
                    "spoke " + id + " is a second of server " + server + " in a one-per-server pool");
            heldNow.add(id);
            check(spec.maxSpokes() == 0 || heldNow.size() <= spec.maxSpokes(),
                    "the run holds " + heldNow + ", more than nSpokesMax " + spec.maxSpokes());
        }

        private void dispatched(RunCommand.Dispatch d) {
            int t = d.task();
            check(t >= 0 && t < run.loop.size(), "dispatch of task " + t + ", which the run does not have");
            check(!reported.contains(t), "dispatch of task " + t + ", which was reported");
            Long before = dispatchedKey.get(t);
            // Again only after its spoke was lost: when it never started there (it waited in that
            // spoke's queue), or under policyB while it has tries left. Never after it raised or
            // passed its timeout: it was reported then (checked above).
            int tries = tries(t);
            int retries = taskSpec(t).retries();
            check(before == null || fake.told(spokeOfTask.get(t)) == FakeSpokes.Told.LOST
                    && (!fake.started(before) || tries <= retries),
                    "task " + t + " dispatched again, though it " + (before == null ? ""
                            : fake.told(spokeOfTask.get(t)) != FakeSpokes.Told.LOST ? "waited on a spoke not lost"
                            : "started " + tries + " times and has " + retries + " retries"));
            if (before != null && fake.started(before)) {
                retried = true;
            }
            keysOf.computeIfAbsent(t, k -> new ArrayList<>()).add(d.key());
            check(!raised, "a dispatch after the callback raised");
            onSpoke.values().forEach(q -> q.remove((Integer) t));
            dispatchedKey.put(t, d.key());
            taskOfKey.put(d.key(), t);
            spokeOfTask.put(t, d.spokeId());
            List<Integer> queue = onSpoke.computeIfAbsent(d.spokeId(), id -> new ArrayList<>());
            if (!queue.isEmpty()) { // pipelining: the rules of a queue
                check(spec.maxQueue() > 1, "task " + t + " queued behind " + queue + " on spoke " + d.spokeId()
                        + " though the run's maxQueue is 1");
                check(!taskSpec(t).relaunchPre(), "task " + t + " (relaunchPre) queued behind " + queue
                        + " on spoke " + d.spokeId() + ": it wants a fresh spoke");
                int last = queue.get(queue.size() - 1);
                check(!taskSpec(last).relaunchPost(), "task " + t + " queued on spoke " + d.spokeId()
                        + " behind task " + last + ", after which (relaunchPost) the spoke is ended");
                check(!templateLike(spec.manager()) && spec.manager() != Manager.LIST_FINE_LIMITED,
                        "a " + spec.manager() + " run queued task " + t + " on a spoke");
                queued = true;
            }
            queue.add(t);
            if (before != null) {
                requeued = true;
            } else if (!templateLike(spec.manager()) && spec.manager() != Manager.DAG) {
                check(t > lastListTask, "task " + t + " dispatched after task " + lastListTask + " (push order)");
                lastListTask = t;
            } else if (spec.manager() == Manager.DAG) {
                dagDispatched(d);
            } else {
                check(spokesThatRanACopy.add(d.spokeId()), "spoke " + d.spokeId() + " was given a second copy");
            }
        }

        /** How many of the task's dispatches started on their spoke (as the fake saw it). */
        private int tries(int t) {
            return (int) keysOf.getOrDefault(t, List.of()).stream().filter(fake::started).count();
        }

        /** The spec of the run's task {@code t} (a template's copies share one). */
        private TaskSpec taskSpec(int t) {
            return tasks.get(templateLike(spec.manager()) ? 0 : t);
        }

        /** DESIGN §4b: a DAG task goes once what it waits for is done, with its inputs' results. */
        private void dagDispatched(RunCommand.Dispatch d) {
            TaskSpec.Links links = tasks.get(d.task()).links();
            for (int[] ups : new int[][] {links.inputs(), links.after()}) {
                for (int up : ups) {
                    check(statusOf.get(up) == TaskStatus.DONE, "task " + d.task() + " dispatched while its upstream task "
                            + up + " is " + statusOf.getOrDefault(up, null));
                }
            }
            byte[] sent = d.spec().payload();
            if (links.inputs().length == 0) {
                check(Arrays.equals(sent, PAYLOAD), "task " + d.task() + " went with more than its own payload");
                return;
            }
            String text = new String(sent, java.nio.charset.StandardCharsets.ISO_8859_1);
            check(text.startsWith("SPMDAG1\n"), "task " + d.task() + " went without its upstream results");
            for (int up : links.inputs()) {
                String result = new String(FakeSpokes.payload(dispatchedKey.get(up)), java.nio.charset.StandardCharsets.ISO_8859_1);
                check(text.contains(result), "task " + d.task() + " went without task " + up + "'s result");
            }
        }

        private void reported(TaskReport r) {
            int t = r.task();
            check(t >= 0 && t < run.loop.size(), "a report of task " + t + ", which the run does not have");
            check(reported.add(t), "task " + t + " reported twice");
            onSpoke.values().forEach(q -> q.remove((Integer) t));
            statusOf.put(t, r.status());
            if (spec.manager() == Manager.DAG) {
                TaskSpec.Links links = tasks.get(t).links();
                for (int[] ups : new int[][] {links.inputs(), links.after()}) {
                    for (int up : ups) {
                        // A dependent may be dropped before some of its upstream tasks end (another failed).
                        check(statusOf.get(up) == TaskStatus.DONE || r.status() == TaskStatus.DROPPED,
                                "task " + t + " reported " + r.status() + " though its upstream task " + up + " is " + statusOf.get(up));
                    }
                }
            }
            check(!raised, "a report after the callback raised");
            int retries = taskSpec(t).retries();
            check(r.tries() <= retries + 1, "task " + t + " reported after " + r.tries() + " tries; it has "
                    + retries + " retries");
            check(r.tries() >= tries(t), "task " + t + " reported after " + r.tries() + " tries, but it started "
                    + tries(t) + " times");
            boolean droppedForALoss = r.status() == TaskStatus.DROPPED && r.error().startsWith("its spoke ")
                    && r.error().contains(" was lost: ");
            check(!droppedForALoss || r.tries() > retries, "task " + t + " reported dropped for a loss after "
                    + r.tries() + " tries, though it has " + retries + " retries");
            Long key = dispatchedKey.get(t);
            // Never dispatched, or waiting again after its spoke was lost: dropped, on no spoke.
            if (key == null || r.spokeId() == -1 && fake.told(spokeOfTask.get(t)) == FakeSpokes.Told.LOST) {
                check(r.status() == TaskStatus.DROPPED && r.spokeId() == -1,
                        "task " + t + " was not running but was reported " + r.status() + " on spoke " + r.spokeId());
                return;
            }
            check(r.spokeId() == spokeOfTask.get(t), "task " + t + " ran on spoke " + spokeOfTask.get(t)
                    + " but is reported on " + r.spokeId());
            TaskStatus answered = fake.answered(key);
            check(r.status() == TaskStatus.DROPPED || r.status() == answered,
                    "task " + t + " reported " + r.status() + ", but its spoke answered " + answered);
        }

        private void checkTheEnd() {
            check(run.offline(), "the run did not go offline once every task could conclude");
            check(run.last().finished(), "the last poll does not say the run finished");
            check(fake.detached(), "the run did not detach");
            check(run.announced().equals(List.of("online", "offline")),
                    "the hub heard of the run " + run.announced() + ", not [online, offline]");
            for (int t = 0; t < run.loop.size(); t++) {
                check(raised || reported.contains(t), "task " + t + " got no report");
            }
            Set<Integer> unreleased = new TreeSet<>(fake.held());
            unreleased.removeIf(id -> fake.told(id) == FakeSpokes.Told.LOST);
            check(unreleased.isEmpty(), "spokes " + unreleased + " were held and never released");
            List<Integer> polled = run.reports().stream().map(TaskReport::task).toList();
            List<Integer> commanded = run.commands().stream().filter(c -> c instanceof RunCommand.Report)
                    .map(c -> ((RunCommand.Report) c).report().task()).toList();
            check(polled.equals(commanded), "the polls handed back " + polled + ", the core reported " + commanded);
            if (run.last().failure() != null) {
                check(!run.last().started() && run.reports().stream().allMatch(r -> r.status() == TaskStatus.DROPPED),
                        "a run that failed to start reported a task that ran");
            }
        }

        private void check(boolean ok, String what) {
            if (!ok) {
                throw failure(what);
            }
        }

        private AssertionError failure(String what) {
            return run == null ? new AssertionError(what) : run.fail(what);
        }
    }

    /** A manager that runs one copy of a template per spoke. */
    private static boolean templateLike(Manager m) {
        return m == Manager.TEMPLATE || m == Manager.TEMPLATE_FINE_LIMITED || m == Manager.TEMPLATE_FINE_GENERAL;
    }

    private static Optional<Integer> pick(Step step, List<Integer> candidates) {
        return candidates.isEmpty() ? Optional.empty()
                : Optional.of(candidates.get(Math.floorMod(step.pick(), candidates.size())));
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        all.sort(null);
        return all;
    }
}
