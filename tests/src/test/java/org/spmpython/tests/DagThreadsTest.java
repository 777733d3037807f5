package org.spmpython.tests;

/** {@link DagMatrix} on 2 spoke threads of the hub's JVM. */
class DagThreadsTest extends DagMatrix {
    DagThreadsTest() {
        super("threads:2");
    }
}
