package org.spmpython.tests;

/** {@link DagMatrix} on 2 spoke processes. */
class DagProcessesTest extends DagMatrix {
    DagProcessesTest() {
        super("local:2");
    }
}
