package org.spmpython.bridge.python;

import java.time.Duration;

import org.spmpython.bridge.wire.FetchStatus;
import org.spmpython.bridge.wire.Message;
import org.spmpython.bridge.wire.Protocol;

/**
 * A spoke's engine as its Python sees it ({@code spm._shipping}, {@code
 * spm.pclosure.communication}): whether it shares the hub's files, fetching module sources from
 * the hub when it does not, and the running task's messages to and from the hub (fine grain).
 * Called on the interpreter thread only.
 */
public final class SpokeServices {
    /** Name under which the polyglot bindings carry this object. */
    public static final String BINDING = "spm.spoke";
    private static final Duration FETCH_LIMIT = Duration.ofSeconds(30);

    private final boolean sharedFileSystem;
    private volatile Link client;

    /** The spoke's connection, as far as shipping needs it. */
    public interface Fetcher {
        /**
         * Asks the hub for a module's source, waiting at most {@code limit}.
         *
         * @throws org.spmpython.bridge.wire.ProtocolException when the hub does not answer in time
         */
        Message.Fetched fetch(String folder, String module, String knownHash, Duration limit) throws InterruptedException;
    }

    /** The spoke's connection as its running task talks through it (fine grain, DESIGN §4c). */
    public interface Link extends Fetcher {
        /** Sends the hub a message from the running task; false when no task runs. */
        boolean sendFromTask(byte[] body);

        /** The hub's next message for the running task, or null when none came within {@code limit}. */
        byte[] receiveForTask(Duration limit) throws InterruptedException;
    }

    public SpokeServices(boolean sharedFileSystem) {
        this.sharedFileSystem = sharedFileSystem;
    }

    /** The connection to the hub, once the spoke has joined. */
    public void connected(Link client) {
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

    /** The largest message a task may send, or the hub reply (bytes). */
    public int messageLimit() {
        return Protocol.MAX_TASK_MESSAGE_BYTES;
    }

    /**
     * Sends the hub a message from the running task (its Python checked the size); false when the
     * spoke has not joined or no task runs.
     */
    public boolean send(String body) {
        Link link = client;
        return link != null && link.sendFromTask(Latin1.bytes(body));
    }

    /** The hub's next message for the running task as Latin-1 text, or null within {@code seconds}. */
    public String receive(double seconds) throws InterruptedException {
        Link link = client;
        if (link == null) {
            return null;
        }
        byte[] body = link.receiveForTask(Duration.ofNanos((long) (Math.max(0, seconds) * 1e9)));
        return body == null ? null : Latin1.text(body);
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
