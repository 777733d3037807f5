package org.spmpython.bridge.cloud;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.spmpython.bridge.wire.HostPort;

/**
 * This user's cloud folder, {@code cloud/} in the runtime folder ({@code $XDG_RUNTIME_DIR/spm-python},
 * else {@code /tmp/spm-python-$USER}), 0700: {@code pid} (the daemon's), {@code secret} (0600),
 * {@code address} (the control port; written last, once the cloud accepts sessions), {@code
 * log}, and the spokes' slot logs. One cloud per user and runtime folder.
 */
public final class CloudFolder {
    private final Path dir;

    /** What the folder says of the cloud. */
    public enum State {
        /** No folder: no cloud. */
        NONE,
        /** Its daemon runs but does not accept sessions yet. */
        STARTING,
        /** Its daemon runs and accepts sessions at {@link #address()}. */
        RUNNING,
        /** Left by a daemon that is gone (killed with -9, crashed). */
        STALE
    }

    public CloudFolder(Path runtimeDir) {
        this.dir = runtimeDir.resolve("cloud");
    }

    public Path dir() {
        return dir;
    }

    public Path secretFile() {
        return dir.resolve("secret");
    }

    public Path log() {
        return dir.resolve("log");
    }

    private Path pidFile() {
        return dir.resolve("pid");
    }

    private Path addressFile() {
        return dir.resolve("address");
    }

    public State state() {
        if (!Files.isDirectory(dir)) {
            return State.NONE;
        }
        Optional<ProcessHandle> daemon = pid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (daemon.isEmpty() || startedAfterFolder(daemon.get())) {
            // A folder being made has its pid file within milliseconds: older and without one, it is stale.
            return pid().isEmpty() && madeWithin(5) ? State.STARTING : State.STALE;
        }
        return Files.isRegularFile(addressFile()) ? State.RUNNING : State.STARTING;
    }

    /** The pid's process started after the folder was made: the pid was reused. */
    private boolean startedAfterFolder(ProcessHandle process) {
        Optional<Instant> started = process.info().startInstant();
        try {
            Instant made = Files.getLastModifiedTime(pidFile()).toInstant();
            return started.isPresent() && started.get().isAfter(made.plusSeconds(1));
        } catch (IOException e) {
            return false;
        }
    }

    private boolean madeWithin(int seconds) {
        try {
            return Files.getLastModifiedTime(dir).toInstant().isAfter(Instant.now().minusSeconds(seconds));
        } catch (IOException e) {
            return false;
        }
    }

    public Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile(), StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The control port sessions attach to, once the cloud accepts them. */
    public Optional<HostPort> address() {
        try {
            return Optional.of(HostPort.parse(Files.readString(addressFile(), StandardCharsets.US_ASCII).trim(), "address"));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes the folder (0700) for the daemon {@code pid}; false when another process made it
     * first (two starts at once: one wins).
     */
    public boolean create(long pid) throws IOException {
        Files.createDirectories(dir.getParent(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        }
        writeAtomically(pidFile(), Long.toString(pid));
        return true;
    }

    /** The cloud accepts sessions at {@code control}. */
    public void ready(HostPort control) throws IOException {
        writeAtomically(addressFile(), control.toString());
    }

    private void writeAtomically(Path file, String text) throws IOException {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(part, text + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the folder and all it holds. */
    public void delete() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // gone already
        }
    }
}
