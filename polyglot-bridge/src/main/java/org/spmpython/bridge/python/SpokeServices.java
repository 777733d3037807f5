package org.spmpython.bridge.python;

import java.time.Duration;

import org.spmpython.bridge.wire.FetchStatus;
import org.spmpython.bridge.wire.Message;

/**
 * A spoke's engine as its Python sees it ({@code spm._shipping}): whether it shares the hub's
 * files, and fetching module sources from the hub when it does not. Called on the interpreter
 * thread only.
 */
public final class SpokeServices {
    /** Name under which the polyglot bindings carry this object. */
    public static final String BINDING = "spm.spoke";
    private static final Duration FETCH_LIMIT = Duration.ofSeconds(30);

    private final boolean sharedFileSystem;
    private volatile Fetcher client;

    /** The spoke's connection, as far as shipping needs it. */
    public interface Fetcher {
        /**
         * Asks the hub for a module's source, waiting at most {@code limit}.
         *
         * @throws org.spmpython.bridge.wire.ProtocolException when the hub does not answer in time
         */
        Message.Fetched fetch(String folder, String module, String knownHash, Duration limit) throws InterruptedException;
    }

    public SpokeServices(boolean sharedFileSystem) {
        this.sharedFileSystem = sharedFileSystem;
    }

    /** The connection to the hub, once the spoke has joined. */
    public void connected(Fetcher client) {
        this.client = client;
    }

    /** False with {@code --no-shared-fs}: every folder of a task comes from the hub. */
    public boolean sharedFileSystem() {
        return sharedFileSystem;
    }

    /** Asks the hub for a module's source in one of its folders. */
    public Source fetch(String folder, String module, String knownHash) throws InterruptedException {
        if (client == null) {
            return new Source("not_found", "", "", "");
        }
        Message.Fetched f = client.fetch(folder, module, knownHash, FETCH_LIMIT);
        String status = FetchStatus.of(f.status()).name().toLowerCase(java.util.Locale.ROOT);
        return new Source(status, f.path(), f.hash(), Latin1.text(f.content()));
    }

    /**
     * A fetched source, for Python.
     *
     * @param status "found", "unchanged", "not_found" or "refused"
     * @param content the source as Latin-1 text of its bytes (see {@link Latin1})
     */
    public record Source(String status, String path, String hash, String content) {
    }
}
