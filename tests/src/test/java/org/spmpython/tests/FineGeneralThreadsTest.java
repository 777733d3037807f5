package org.spmpython.tests;

/** {@link FineGeneralMatrix} on spoke threads; rank 1's spoke ends with os._exit (a kill -9 would take the hub's JVM). */
class FineGeneralThreadsTest extends FineGeneralMatrix {
    FineGeneralThreadsTest() {
        super("threads", "exit");
    }
}
