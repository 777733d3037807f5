package org.spmpython.bridge.hub;

/**
 * What the tracker knows of one spoke at one moment (an immutable snapshot for Python and people).
 *
 * @param id the spoke's identity for this hub session
 * @param serverName the server (host) the spoke runs on
 * @param core the core it is pinned to, or -1
 * @param pid its process id on its server (a spoke thread's kernel thread id)
 * @param state booting, idle, busy or lost
 * @param ageSeconds seconds since the tracker first knew it
 * @param heartbeatAgeSeconds seconds since its last heartbeat (or since it was launched)
 * @param local launched by this hub's own cloud
 * @param joinSeconds seconds from launch (or first contact) to authenticated, or -1 before that
 * @param tasksRun tasks given to it so far
 * @param held a run holds it now
 */
public record SpokeView(int id, String serverName, int core, long pid, SpokeState state, double ageSeconds,
        double heartbeatAgeSeconds, boolean local, double joinSeconds, int tasksRun, boolean held) {

    public String stateLabel() {
        return state.label();
    }
}
