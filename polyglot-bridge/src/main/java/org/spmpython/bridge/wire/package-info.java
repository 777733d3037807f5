/**
 * The wire between hub and spoke (DESIGN §10): every {@link org.spmpython.bridge.wire.Message},
 * defined in one place; the msgpack {@link org.spmpython.bridge.wire.MessageCodec}; the frames and
 * the version ({@link org.spmpython.bridge.wire.Protocol}); the session's {@link
 * org.spmpython.bridge.wire.Secret} for the challenge-response (and the pin of the hub's certificate);
 * the tracker's {@link org.spmpython.bridge.wire.Tls} (a per-session certificate, pinning); the codes that travel ({@link
 * org.spmpython.bridge.wire.TaskStatus}, {@link org.spmpython.bridge.wire.FetchStatus}); a {@link
 * org.spmpython.bridge.wire.HostPort}; {@link org.spmpython.bridge.wire.SocketTrouble}, why a
 * socket could not bind or connect, in words. Nothing else knows bytes.
 *
 * <p>May use: Netty's codec and TLS classes, msgpack. Nothing of the project's.
 */
package org.spmpython.bridge.wire;
