package org.spmpython.bridge.hub.run;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The kinds of task manager a run can be (DESIGN §4): each makes its tasks and its {@link Policy}. */
public enum Manager {
    /** A list of tasks, each pushed with {@code hdl.Push()}. */
    LIST {
        @Override
        List<TaskSpec> tasks(List<TaskSpec> given, int poolSpokes) {
            return List.copyOf(given);
        }

        @Override
        Policy policy() {
            return new ListPolicy();
        }
    },
    /**
     * A DAG (DESIGN §4b): the pushed tasks, each run once what it waits for is done ({@link
     * TaskSpec.Links}).
     */
    DAG {
        @Override
        List<TaskSpec> tasks(List<TaskSpec> given, int poolSpokes) {
            for (int i = 0; i < given.size(); i++) {
                TaskSpec.Links links = given.get(i).links();
                for (int[] ups : new int[][] {links.inputs(), links.after()}) {
                    for (int up : ups) {
                        if (up < 0 || up >= i) { // so a DAG has no cycles
                            throw new IllegalArgumentException("DAG task " + i + " waits for task " + up
                                    + ", which was not pushed before it");
                        }
                    }
                }
            }
            return List.copyOf(given);
        }

        @Override
        Policy policy() {
            return new DagPolicy();
        }
    },
    /** {@code macro.pinterp.list.grainFineLimited}: a list whose tasks talk to the hub (DESIGN §4c). */
    LIST_FINE_LIMITED {
        @Override
        List<TaskSpec> tasks(List<TaskSpec> given, int poolSpokes) {
            return LIST.tasks(given, poolSpokes);
        }

        @Override
        Policy policy() {
            return new FineLimitedPolicy(LIST.policy());
        }
    },
    /** {@code macro.pinterp.template.grainFineLimited}: a template whose copies talk to the hub. */
    TEMPLATE_FINE_LIMITED {
        @Override
        List<TaskSpec> tasks(List<TaskSpec> given, int poolSpokes) {
            return TEMPLATE.tasks(given, poolSpokes);
        }

        @Override
        Policy policy() {
            return new FineLimitedPolicy(TEMPLATE.policy());
        }
    },
    /**
     * {@code macro.pinterp.template.grainFineGeneral}: one copy per spoke, ranks that talk to each
     * other and fail as one unit.
     */
    TEMPLATE_FINE_GENERAL {
        @Override
        List<TaskSpec> tasks(List<TaskSpec> given, int poolSpokes) {
            return TEMPLATE.tasks(given, poolSpokes);
        }

        @Override
        Policy policy() {
            return new FineGeneralPolicy();
        }
    },
    /** One template, one copy per spoke of the pool (counting those still booting in the hub's cloud). */
    TEMPLATE {
        @Override
        List<TaskSpec> tasks(List<TaskSpec> given, int poolSpokes) {
            if (given.size() != 1) {
                throw new IllegalArgumentException("a template run takes one template task, not " + given.size());
            }
            return Collections.nCopies(Math.max(1, poolSpokes), given.get(0));
        }

        @Override
        Policy policy() {
            return new TemplatePolicy();
        }
    };

    /**
     * The run's tasks from what Python gave.
     *
     * @param poolSpokes how many spokes of the pool there are now, ready or booting, within nSpokesMax
     */
    abstract List<TaskSpec> tasks(List<TaskSpec> given, int poolSpokes);

    abstract Policy policy();

    /**
     * "list", "dag" or "template", as the closure's kind is spelled in Python; "list_fine_limited",
     * "template_fine_limited" and "template_fine_general" for the fine-grain managers.
     */
    public static Manager named(String kind) {
        try {
            return valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no task manager of kind '" + kind + "'");
        }
    }
}
