package org.spmpython.bridge.hub;

import org.spmpython.bridge.wire.SocketTrouble;

/** The tracker cannot listen where it was asked to (a port in use, an address not this machine's). */
public final class CannotListenException extends RuntimeException {
    private final String reason;

    public CannotListenException(String host, int port, Throwable cause) {
        this(host + ":" + port, SocketTrouble.reason(cause), cause);
    }

    private CannotListenException(String where, String reason, Throwable cause) {
        super("cannot listen on " + where + ": " + reason, cause);
        this.reason = reason;
    }

    /** The operating system's reason, in words ("Address already in use"). */
    public String reason() {
        return reason;
    }
}
