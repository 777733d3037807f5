package org.spmpython.bridge.spoke;

import java.nio.file.Path;
import java.time.Duration;

import org.spmpython.bridge.python.InterpreterFlags;
import org.spmpython.bridge.wire.HostPort;

/**
 * What a spoke is started with, wherever it runs: the command line of {@code spm-python spoke}
 * ({@link SpokeCommand} writes and parses it) or, for a spoke on a thread of the hub's JVM, the
 * same values handed over directly.
 *
 * @param hub the hub's tracker
 * @param secretFile the file holding the hub session's secret
 * @param serverName the server name it reports; null for this host's name
 * @param core the core to pin it to, or -1
 * @param parentPid die with this process (the hub that launched it), or -1
 * @param lostAfter the hub silent this long is gone
 * @param sharedFileSystem it sees the hub's files (else task modules are fetched from the hub)
 * @param legacyMode when modules run as Python 2 code: auto, always or never (the hub's --legacy)
 * @param verbose trace module loading and legacy translation (the hub's -v)
 * @param writeBytecode write .pyc files on import (not with the hub's -B)
 * @param launchId for a spoke a hub started over a channel (ssh, srun): what the hub knows it by
 *     until it joins, reported in its HELLO; its stdin is the channel, and it exits when stdin
 *     ends (docs/CLUSTER.md); -1 otherwise
 * @param outputInLog its output goes to a log the hub follows (a local cloud's slot); else the
 *     spoke forwards what its tasks print to the hub over its connection
 * @param pythonFlags python's interpreter flags it runs with ({@code -O}, {@code -W}, {@code -X}
 *     ...: the hub's, {@link InterpreterFlags#forSpokes})
 */
public record SpokeOptions(HostPort hub, Path secretFile, String serverName, int core, long parentPid,
        Duration lostAfter, boolean sharedFileSystem, String legacyMode, boolean verbose, boolean writeBytecode,
        long launchId, boolean outputInLog, InterpreterFlags pythonFlags) {
    /** The secret file that means "read the secret from stdin, up to an empty line". */
    public static final Path STDIN = Path.of("-");

    public SpokeOptions(HostPort hub, Path secretFile, String serverName, int core, long parentPid, Duration lostAfter,
            boolean sharedFileSystem, String legacyMode, boolean verbose, boolean writeBytecode) {
        this(hub, secretFile, serverName, core, parentPid, lostAfter, sharedFileSystem, legacyMode, verbose,
                writeBytecode, -1, false, InterpreterFlags.DEFAULTS);
    }

    /** The same options for a spoke started over a channel: its secret on stdin, its launch id. */
    public SpokeOptions overChannel(long id) {
        return new SpokeOptions(hub, STDIN, serverName, core, parentPid, lostAfter, sharedFileSystem, legacyMode,
                verbose, writeBytecode, id, outputInLog, pythonFlags);
    }

    /** The same options reaching the hub at another address (a remote spoke's view of it). */
    public SpokeOptions reaching(HostPort at) {
        return new SpokeOptions(at, secretFile, serverName, core, parentPid, lostAfter, sharedFileSystem, legacyMode,
                verbose, writeBytecode, launchId, outputInLog, pythonFlags);
    }

    /** Every option at its default but the two a spoke cannot do without. */
    public static SpokeOptions joining(HostPort hub, Path secretFile) {
        return new SpokeOptions(hub, secretFile, null, -1, -1, SpokeCommand.DEFAULT_LOST_AFTER, true, "auto", false,
                true, -1, false, InterpreterFlags.DEFAULTS);
    }

    /** The same options for a spoke launched at a place: its server, its core, its parent. */
    public SpokeOptions at(String serverName, int core, long parentPid) {
        return new SpokeOptions(hub, secretFile, serverName, core, parentPid, lostAfter, sharedFileSystem, legacyMode,
                verbose, writeBytecode, launchId, outputInLog, pythonFlags);
    }

    /** The hub's own options that a spoke must share: its --legacy, -v, -B, --lost-after and --no-shared-fs. */
    public SpokeOptions sharing(String legacyMode, boolean verbose, boolean writeBytecode, Duration lostAfter,
            boolean sharedFileSystem) {
        return new SpokeOptions(hub, secretFile, serverName, core, parentPid, lostAfter, sharedFileSystem, legacyMode,
                verbose, writeBytecode, launchId, outputInLog, pythonFlags);
    }

    /** The same options with the hub's python flags ({@code -O}, {@code -W}, {@code -X} ...), those a spoke takes. */
    public SpokeOptions withPythonFlags(InterpreterFlags hubFlags) {
        return new SpokeOptions(hub, secretFile, serverName, core, parentPid, lostAfter, sharedFileSystem, legacyMode,
                verbose, writeBytecode, launchId, outputInLog, hubFlags.forSpokes());
    }

    /** The same options for a spoke whose output goes to a log the hub follows (a local cloud's slot). */
    public SpokeOptions outputInSlotLog() {
        return new SpokeOptions(hub, secretFile, serverName, core, parentPid, lostAfter, sharedFileSystem, legacyMode,
                verbose, writeBytecode, launchId, true, pythonFlags);
    }
}
