package org.spmpython.launcher;

/** A {@code HOST:PORT} option value. */
record HostPort(String host, int port) {
    static HostPort parse(String value, String option) throws UsageException {
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
        throw new UsageException(option + " takes HOST:PORT (a port from 0 to 65535), not '" + value + "'");
    }
}
