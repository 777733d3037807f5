package org.spmpython.bridge.wire;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

/** The wire: version, frame limits, and the pipeline stages every connection starts with. */
public final class Protocol {
    /** Bumped on any incompatible change to {@link Message} or its encoding. */
    public static final int VERSION = 3;
    /** Largest frame accepted; a larger length prefix closes the connection at once. */
    public static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    private static final int LENGTH_BYTES = 4;

    private Protocol() {
    }

    /** Frames (4-byte big-endian length, bounded) and msgpack messages. */
    public static void addCodec(ChannelPipeline pipeline) {
        pipeline.addLast("frames", new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES, 0, LENGTH_BYTES, 0, LENGTH_BYTES));
        pipeline.addLast("length", new LengthFieldPrepender(LENGTH_BYTES));
        pipeline.addLast("messages", new MessageCodec());
    }
}
