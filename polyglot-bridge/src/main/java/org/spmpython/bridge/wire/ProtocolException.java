package org.spmpython.bridge.wire;

/** A peer broke the protocol (bad frame, bad message, bad proof): its connection is closed. */
public final class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
