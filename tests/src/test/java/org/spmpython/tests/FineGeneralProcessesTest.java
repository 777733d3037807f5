package org.spmpython.tests;

/** {@link FineGeneralMatrix} on spoke processes; rank 1's spoke dies of kill -9. */
class FineGeneralProcessesTest extends FineGeneralMatrix {
    FineGeneralProcessesTest() {
        super("local", "kill");
    }
}
