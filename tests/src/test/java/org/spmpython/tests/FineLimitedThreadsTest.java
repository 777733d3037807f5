package org.spmpython.tests;

/** {@link FineLimitedMatrix} on 2 spoke threads of the hub's JVM. */
class FineLimitedThreadsTest extends FineLimitedMatrix {
    FineLimitedThreadsTest() {
        super("threads:2");
    }
}
