package org.spmpython.bridge.hub;

/** Work given to a spoke cannot conclude there: the spoke was lost (or never could take it). */
public final class SpokeLostException extends RuntimeException {
    private final int spokeId;

    public SpokeLostException(int spokeId, String why) {
        super("spoke " + spokeId + " lost: " + why);
        this.spokeId = spokeId;
    }

    public int spokeId() {
        return spokeId;
    }
}
