package org.spmpython.bridge.hub;

/** Where a spoke is in its life, as the tracker sees it. */
public enum SpokeState {
    /** Launched by the hub's cloud, not yet authenticated. */
    BOOTING,
    /** Authenticated and waiting for work. */
    IDLE,
    /** Evaluating work. */
    BUSY,
    /** Its connection closed, its heartbeats stopped, or its process died: gone for good. */
    LOST;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
