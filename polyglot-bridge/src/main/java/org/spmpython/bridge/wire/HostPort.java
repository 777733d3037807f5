package org.spmpython.bridge.wire;

/** A {@code HOST:PORT} address: where a tracker listens, or which hub a spoke joins. */
public record HostPort(String host, int port) {
    /**
     * Parses {@code HOST:PORT}.
     *
     * @param option the option that gave it, for the message
     * @throws IllegalArgumentException naming the option and the value when it is not one
     */
    public static HostPort parse(String value, String option) {
        int colon = value.lastIndexOf(':');
        if (colon > 0) {
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port >= 0 && port <= 65535) {
                    return new HostPort(value.substring(0, colon), port);
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException(option + " takes HOST:PORT (a port from 0 to 65535), not '" + value + "'");
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
