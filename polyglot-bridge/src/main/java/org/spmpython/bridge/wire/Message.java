package org.spmpython.bridge.wire;

/**
 * Every message between hub and spoke: the one place they are defined. Each travels as one
 * length-prefixed frame holding a msgpack array {@code [type code, fields...]} ({@link
 * MessageCodec}). Adding a message: a record here, a {@link Type}, and its two lines in the codec.
 */
public sealed interface Message {

    /** Message type codes on the wire. Never reuse a code; bump {@link Protocol#VERSION} on change. */
    enum Type {
        CHALLENGE(1), HELLO(2), WELCOME(3), HEARTBEAT(4), EVALUATE(5), EVALUATED(6), SHUTDOWN(7), TASK(8),
        TASK_DONE(9), FETCH(10), FETCHED(11), LEAVING(12), TASK_MESSAGE(13), SPOKE_OUTPUT(14),
        /** A persistent cloud's (code far from the others': helpers add codes in parallel). */
        LEND(20);

        final int code;

        Type(int code) {
            this.code = code;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new ProtocolException("unknown message type " + code);
        }
    }

    Type type();

    /** Hub → spoke, first on every connection: prove you know the session's secret. */
    record Challenge(int protocolVersion, byte[] nonce) implements Message {
        public Type type() {
            return Type.CHALLENGE;
        }
    }

    /** Spoke → hub: the proof (HMAC of the nonce) and who the spoke is. */
    record Hello(int protocolVersion, byte[] proof, String serverName, int core, long pid) implements Message {
        public Type type() {
            return Type.HELLO;
        }
    }

    /** Hub → spoke: accepted, with the spoke's id and how often to heartbeat. */
    record Welcome(int spokeId, int heartbeatMillis) implements Message {
        public Type type() {
            return Type.WELCOME;
        }
    }

    /** Either way, at the agreed interval: I am alive. */
    record Heartbeat() implements Message {
        public Type type() {
            return Type.HEARTBEAT;
        }
    }

    /** Hub → spoke: evaluate this Python source (an expression's value, or statements' None). */
    record Evaluate(long requestId, String source) implements Message {
        public Type type() {
            return Type.EVALUATE;
        }
    }

    /**
     * Spoke → hub: the outcome of an {@link Evaluate}: the value pickled, or the remote
     * traceback as text.
     */
    record Evaluated(long requestId, boolean ok, byte[] value, String error) implements Message {
        public Type type() {
            return Type.EVALUATED;
        }
    }

    /**
     * Hub → spoke: evaluate one task of a task manager's run.
     *
     * @param payload the task as the closure's Python packed it (opaque to Java)
     * @param timeoutMillis the task's own timeout; 0 for none
     */
    record Task(long requestId, byte[] payload, long timeoutMillis) implements Message {
        public Type type() {
            return Type.TASK;
        }
    }

    /**
     * Spoke → hub: how a {@link Task} ended.
     *
     * @param status {@link TaskStatus#code}
     * @param payload the task's handle after evaluation, packed by Python (opaque to Java)
     * @param error why it did not finish normally (a remote traceback), or ""
     */
    record TaskDone(long requestId, int status, byte[] payload, String error) implements Message {
        public Type type() {
            return Type.TASK_DONE;
        }
    }

    /**
     * Spoke → hub: send me the source of module {@code module} from the hub's folder
     * {@code folder} (a spoke that cannot see the hub's files; DESIGN §10).
     *
     * @param knownHash the SHA-256 (hex) of the copy the spoke has, or ""
     */
    record Fetch(long requestId, String folder, String module, String knownHash) implements Message {
        public Type type() {
            return Type.FETCH;
        }
    }

    /**
     * Hub → spoke: the answer to a {@link Fetch}.
     *
     * @param status {@link FetchStatus#code}
     * @param path the file's path at the hub (its name in tracebacks), or ""
     * @param hash the SHA-256 (hex) of its content, or ""
     * @param content the source, empty unless FOUND
     */
    record Fetched(long requestId, int status, String path, String hash, byte[] content) implements Message {
        public Type type() {
            return Type.FETCHED;
        }
    }

    /**
     * Either way, while a {@link Task} runs: a message for or from that task (the basis of fine
     * grain). A message for a task that is no longer running is dropped by its receiver.
     *
     * @param taskId the {@link Task#requestId} of the task it belongs to
     * @param body opaque to Java: packed by the Python side
     */
    record TaskMessage(long taskId, byte[] body) implements Message {
        public Type type() {
            return Type.TASK_MESSAGE;
        }
    }

    /**
     * A persistent cloud → its spoke: serve the session whose tracker is at {@code host:port}
     * (its secret, its heartbeat bound) until that session ends or is lost, then come back with
     * fresh Python state; the spoke answers with an {@link Evaluated} of this request id once it
     * is back (docs/CLOUD.md). The cloud sends it on its own loopback connection only.
     */
    record Lend(long requestId, String host, int port, String secretHex, long lostAfterMillis) implements Message {
        public Type type() {
            return Type.LEND;
        }
    }

    /**
     * Spoke → hub: what the spoke's tasks printed, whole lines, each ending in '\n' (at most
     * {@link Protocol#MAX_SPOKE_OUTPUT_BYTES}), from a spoke whose output is in no log the hub
     * follows (a hand-started, SSH, Slurm or cloud spoke). The hub shows each line as it shows a
     * local slot's: {@code (spoke N@host) text} (docs/task-output.md).
     */
    record SpokeOutput(String lines) implements Message {
        public Type type() {
            return Type.SPOKE_OUTPUT;
        }
    }

    /** Hub → spoke: exit now. */
    record Shutdown(String reason) implements Message {
        public Type type() {
            return Type.SHUTDOWN;
        }
    }

    /**
     * Spoke → hub, its last words: it exits now (a task it could not stop). The hub takes it as
     * lost at once, so no new work goes its way while it goes.
     */
    record Leaving(String reason) implements Message {
        public Type type() {
            return Type.LEAVING;
        }
    }
}
