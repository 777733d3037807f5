package org.spmpython.bridge.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.spmpython.bridge.wire.FetchStatus;
import org.spmpython.bridge.wire.Message;

/**
 * The hub's side of code shipping: serves module sources to spokes that cannot see the hub's
 * files, only from folders that a run's tasks named (spm.meta.path), never outside them.
 */
public final class SourceServer {
    /** Largest source file served. */
    static final long MAX_BYTES = 8L * 1024 * 1024;

    private final Set<Path> folders = ConcurrentHashMap.newKeySet();

    /** Allows serving from these folders (a run names them in its tasks). */
    public void allow(Iterable<String> taskFolders) {
        for (String folder : taskFolders) {
            folders.add(Path.of(folder).toAbsolutePath().normalize());
        }
    }

    Message.Fetched answer(Message.Fetch request) {
        long id = request.requestId();
        Path folder = Path.of(request.folder()).toAbsolutePath().normalize();
        if (!folders.contains(folder)) {
            return new Message.Fetched(id, FetchStatus.REFUSED.code, "", "", new byte[0]);
        }
        if (!request.module().matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
            return new Message.Fetched(id, FetchStatus.NOT_FOUND.code, "", "", new byte[0]);
        }
        Path base = folder.resolve(request.module().replace('.', '/'));
        for (Path candidate : new Path[] {base.resolve("__init__.py"), Path.of(base + ".py")}) {
            try {
                Path real = candidate.toRealPath();
                if (!real.startsWith(folder.toRealPath()) || !Files.isRegularFile(real) || Files.size(real) > MAX_BYTES) {
                    continue;
                }
                byte[] content = Files.readAllBytes(real);
                String hash = sha256(content);
                if (hash.equals(request.knownHash())) {
                    return new Message.Fetched(id, FetchStatus.UNCHANGED.code, candidate.toString(), hash, new byte[0]);
                }
                return new Message.Fetched(id, FetchStatus.FOUND.code, candidate.toString(), hash, content);
            } catch (IOException e) {
                // not there: try the next form
            }
        }
        return new Message.Fetched(id, FetchStatus.NOT_FOUND.code, "", "", new byte[0]);
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
