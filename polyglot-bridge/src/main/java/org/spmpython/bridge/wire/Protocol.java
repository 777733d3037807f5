package org.spmpython.bridge.wire;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

/** The wire: version, frame limits, and the pipeline stages every connection starts with. */
public final class Protocol {
    /** Bumped on any incompatible change to {@link Message} or its encoding. */
    public static final int VERSION = 4;
    /** Largest frame accepted; a larger length prefix closes the connection at once. */
    public static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /**
     * The largest body of a task's message or of the hub's reply (fine grain, DESIGN §4c): well
     * inside a frame, so that Python refuses a larger one in words before it is sent.
     */
    public static final int MAX_TASK_MESSAGE_BYTES = 8 * 1024 * 1024;
    /** The most text one {@link Message.SpokeOutput} carries (a spoke sends more as more messages). */
    public static final int MAX_SPOKE_OUTPUT_BYTES = 64 * 1024;
    /**
     * Largest frame a peer may send before it is admitted: a HELLO is a few dozen bytes, so junk
     * at the port (whose first bytes read as a length) is refused at once, not after the
     * handshake's timeout.
     */
    public static final int MAX_HANDSHAKE_FRAME_BYTES = 4096;
    private static final int LENGTH_BYTES = 4;
    private static final String FRAMES = "frames";

    private Protocol() {
    }

    /** Frames (4-byte big-endian length, bounded) and msgpack messages. */
    public static void addCodec(ChannelPipeline pipeline) {
        addCodec(pipeline, MAX_FRAME_BYTES);
    }

    /** As {@link #addCodec(ChannelPipeline)}, for a peer not yet admitted: only small frames. */
    public static void addHandshakeCodec(ChannelPipeline pipeline) {
        addCodec(pipeline, MAX_HANDSHAKE_FRAME_BYTES);
    }

    /** Lifts the handshake's frame bound once the peer is admitted; bytes already read are kept. */
    public static void admitted(ChannelPipeline pipeline) {
        pipeline.replace(FRAMES, FRAMES, frames(MAX_FRAME_BYTES));
    }

    /**
     * Puts a watch for the peer's silence ({@code idle}, an IdleStateHandler) where it sees bytes
     * rather than whole messages: a large message arriving slowly (a 16 MiB report on a slow
     * link) keeps its connection alive, as its heartbeats wait behind it.
     */
    public static void watchSilence(ChannelPipeline pipeline, String name, ChannelHandler idle) {
        pipeline.addBefore(FRAMES, name, idle);
    }

    private static void addCodec(ChannelPipeline pipeline, int maxFrameBytes) {
        pipeline.addLast(FRAMES, frames(maxFrameBytes));
        pipeline.addLast("length", new LengthFieldPrepender(LENGTH_BYTES));
        pipeline.addLast("messages", new MessageCodec());
    }

    private static LengthFieldBasedFrameDecoder frames(int maxFrameBytes) {
        return new LengthFieldBasedFrameDecoder(maxFrameBytes, 0, LENGTH_BYTES, 0, LENGTH_BYTES);
    }
}
