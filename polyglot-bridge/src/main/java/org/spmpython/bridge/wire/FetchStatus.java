package org.spmpython.bridge.wire;

/** How the hub answered a spoke's {@link Message.Fetch}. */
public enum FetchStatus {
    /** Here is the source. */
    FOUND(0),
    /** The spoke's copy (its knownHash) is current. */
    UNCHANGED(1),
    /** No such module in that folder. */
    NOT_FOUND(2),
    /** The folder is not one the run's tasks named: the hub serves nothing else. */
    REFUSED(3);

    public final int code;

    FetchStatus(int code) {
        this.code = code;
    }

    public static FetchStatus of(int code) {
        for (FetchStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new ProtocolException("unknown fetch status " + code);
    }
}
