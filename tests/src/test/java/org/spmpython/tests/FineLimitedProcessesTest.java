package org.spmpython.tests;

/** {@link FineLimitedMatrix} on 2 spoke processes. */
class FineLimitedProcessesTest extends FineLimitedMatrix {
    FineLimitedProcessesTest() {
        super("local:2");
    }
}
