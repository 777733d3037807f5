package org.spmpython.bridge.wire;

import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/** Why a socket could not bind or connect, in words for people (not a Java class name). */
public final class SocketTrouble {
    private SocketTrouble() {
    }

    /** The operating system's reason ("Connection refused", "Address already in use"), or what it means. */
    public static String reason(Throwable cause) {
        if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
            return "unknown host";
        }
        if (cause == null) {
            return "no reason given";
        }
        String message = cause.getMessage();
        if (message == null) {
            return cause.getClass().getSimpleName();
        }
        // Netty's connect errors read "Connection refused: /127.0.0.1:1": the address is said already.
        int colon = message.indexOf(": /");
        return colon > 0 ? message.substring(0, colon) : message;
    }
}
