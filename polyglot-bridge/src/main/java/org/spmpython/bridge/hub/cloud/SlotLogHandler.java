package org.spmpython.bridge.hub.cloud;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Where the engine of a spoke on a thread of the hub's JVM logs: its slot's log, one line a
 * record. A handler of our own rather than a stream given to Truffle: at the JVM's exit Truffle
 * flushes the handler of every engine it still knows, closed or not, and its own stream handler
 * then prints "The log handler is closed" on stderr; this one ignores a flush after close.
 */
final class SlotLogHandler extends Handler {
    private final PrintStream out;
    private volatile boolean closed;

    SlotLogHandler(PrintStream out) {
        this.out = out;
        setFormatter(new SimpleFormatter());
    }

    @Override
    public void publish(LogRecord record) {
        if (!closed && isLoggable(record)) {
            out.println("[" + record.getLoggerName() + "] " + record.getLevel() + ": "
                    + getFormatter().formatMessage(record));
        }
    }

    @Override
    public void flush() {
        if (!closed) {
            out.flush();
        }
    }

    /** Stops writing; the stream is the spoke's, which closes it. */
    @Override
    public void close() {
        closed = true;
    }
}
