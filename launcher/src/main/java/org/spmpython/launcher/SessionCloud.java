package org.spmpython.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

import org.spmpython.bridge.cloud.CloudClient;
import org.spmpython.bridge.cloud.CloudFolder;
import org.spmpython.bridge.python.Installation;
import org.spmpython.bridge.wire.HostPort;
import org.spmpython.bridge.wire.Secret;
import org.spmpython.natives.Posix;

/**
 * Which persistent cloud a session borrows its spokes from ({@code --cloud}, {@code
 * --secret-file}; docs/CLOUD.md), and the attaching. {@code auto}, the default, borrows from this
 * user's running cloud unless the session chose its own spokes ({@code --spokes}, {@code
 * $SPM_SPOKES}) or runs its spokes unlike the cloud's ({@code --legacy}, {@code -B}, {@code
 * --no-shared-fs}, python's flags such as {@code -O}); a cloud that does not answer then leaves the session its own spokes, said on
 * stderr. A cloud named by {@code --cloud HOST:PORT} that does not answer is an error.
 *
 * @param mode AUTO, NONE or ADDRESS
 * @param address the cloud named with HOST:PORT, or null
 * @param secretFile its secret ({@code --secret-file}), or null for this user's cloud's own
 * @param explicit {@code --cloud} was given
 * @param wanted how many spokes to ask for at most
 */
record SessionCloud(Mode mode, HostPort address, Path secretFile, boolean explicit, int wanted) {
    enum Mode { AUTO, NONE, ADDRESS }

    /** A session that cannot attach to the cloud it named: the message says why. */
    static final class CannotAttach extends Exception {
        CannotAttach(String message) {
            super(message);
        }
    }

    static SessionCloud of(CommandLine line, boolean ownSpokesChosen, boolean spokesLikeTheCloud, int spokesAsked) {
        String value = line.has(Option.CLOUD) ? line.value(Option.CLOUD) : "auto";
        Path secretFile = line.has(Option.SECRET_FILE) ? Path.of(line.value(Option.SECRET_FILE)) : null;
        boolean explicit = line.has(Option.CLOUD);
        int wanted = explicit && line.has(Option.SPOKES) && spokesAsked > 0 ? spokesAsked : Integer.MAX_VALUE;
        return switch (value) {
            case "none" -> new SessionCloud(Mode.NONE, null, secretFile, explicit, wanted);
            case "auto" -> new SessionCloud(!explicit && (ownSpokesChosen || !spokesLikeTheCloud) ? Mode.NONE : Mode.AUTO,
                    null, secretFile, explicit, wanted);
            default -> new SessionCloud(Mode.ADDRESS, HostPort.parse(value, "--cloud"), secretFile, true, wanted);
        };
    }

    /**
     * Attaches the session whose tracker is at {@code tracker}; null when it uses its own
     * spokes (with -v, or when a cloud it found does not answer, it says so on {@code err}).
     *
     * @throws CannotAttach for a cloud named with --cloud HOST:PORT (or a secret file) that refuses or is gone
     */
    CloudClient.Borrowing attach(HostPort tracker, Secret sessionSecret, Duration lostAfter, boolean verbose,
            PrintStream err) throws CannotAttach {
        if (mode == Mode.NONE) {
            if (verbose) {
                // As python's -v lines ("# ..."): tools that read -v output skip them alike.
                err.println("# cloud: " + (explicit ? "none (--cloud none)"
                        : "not borrowed (the session chose its spokes: --spokes, $SPM_SPOKES, a Slurm allocation;"
                        + " or runs them unlike the cloud's: --legacy, -B, --no-shared-fs, --tls, -O, -W, -X ...)")
                        + ": the session starts its own spokes");
            }
            return null;
        }
        CloudFolder folder = new CloudFolder(Installation.runtimeDir());
        HostPort cloud = address;
        if (cloud == null) {
            CloudFolder.State state = folder.state();
            if (state != CloudFolder.State.RUNNING) {
                if (verbose) {
                    err.println("# cloud: " + (state == CloudFolder.State.STALE ? "this user's cloud is gone"
                            : "none runs for this user") + "; the session's own spokes");
                }
                return null;
            }
            cloud = folder.address().orElse(null);
            if (cloud == null) {
                return null;
            }
        }
        Path secret = secretFile != null ? secretFile : folder.secretFile();
        try {
            CloudClient.Borrowing borrowing = CloudClient.borrow(cloud, Secret.read(secret), wanted, tracker,
                    sessionSecret, lostAfter, Posix.pid());
            if (verbose) {
                err.println("# cloud: borrowing spokes of the cloud at " + cloud + " (session "
                        + borrowing.sessionId() + ")");
            }
            return borrowing;
        } catch (IOException e) {
            if (mode == Mode.ADDRESS || secretFile != null) {
                throw new CannotAttach("--cloud " + cloud + ": " + e.getMessage());
            }
            err.println("spm-python: cloud: " + e.getMessage() + "; the session uses its own spokes");
            return null;
        }
    }
}
