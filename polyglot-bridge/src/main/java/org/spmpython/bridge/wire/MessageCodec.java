package org.spmpython.bridge.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/** {@link Message}s to and from msgpack frames. A frame that is not a valid message is a {@link ProtocolException}. */
public final class MessageCodec extends MessageToMessageCodec<ByteBuf, Message> {

    @Override
    protected void encode(ChannelHandlerContext ctx, Message message, List<Object> out) throws IOException {
        out.add(ctx.alloc().buffer().writeBytes(encode(message)));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(decode(ByteBufUtil.getBytes(frame)));
    }

    public static byte[] encode(Message message) throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            switch (message) {
                case Message.Challenge m -> {
                    header(p, m, 2);
                    p.packInt(m.protocolVersion());
                    bytes(p, m.nonce());
                }
                case Message.Hello m -> {
                    header(p, m, 5);
                    p.packInt(m.protocolVersion());
                    bytes(p, m.proof());
                    p.packString(m.serverName());
                    p.packInt(m.core());
                    p.packLong(m.pid());
                }
                case Message.Welcome m -> {
                    header(p, m, 2);
                    p.packInt(m.spokeId());
                    p.packInt(m.heartbeatMillis());
                }
                case Message.Heartbeat m -> header(p, m, 0);
                case Message.Evaluate m -> {
                    header(p, m, 2);
                    p.packLong(m.requestId());
                    p.packString(m.source());
                }
                case Message.Evaluated m -> {
                    header(p, m, 4);
                    p.packLong(m.requestId());
                    p.packBoolean(m.ok());
                    bytes(p, m.value());
                    p.packString(m.error());
                }
                case Message.Shutdown m -> {
                    header(p, m, 1);
                    p.packString(m.reason());
                }
                case Message.Leaving m -> {
                    header(p, m, 1);
                    p.packString(m.reason());
                }
                case Message.Lend m -> {
                    header(p, m, 5);
                    p.packLong(m.requestId());
                    p.packString(m.host());
                    p.packInt(m.port());
                    p.packString(m.secretHex());
                    p.packLong(m.lostAfterMillis());
                }
                case Message.Task m -> {
                    header(p, m, 3);
                    p.packLong(m.requestId());
                    bytes(p, m.payload());
                    p.packLong(m.timeoutMillis());
                }
                case Message.Fetch m -> {
                    header(p, m, 4);
                    p.packLong(m.requestId());
                    p.packString(m.folder());
                    p.packString(m.module());
                    p.packString(m.knownHash());
                }
                case Message.Fetched m -> {
                    header(p, m, 5);
                    p.packLong(m.requestId());
                    p.packInt(m.status());
                    p.packString(m.path());
                    p.packString(m.hash());
                    bytes(p, m.content());
                }
                case Message.SpokeOutput m -> {
                    header(p, m, 1);
                    p.packString(m.lines());
                }
                case Message.TaskMessage m -> {
                    header(p, m, 2);
                    p.packLong(m.taskId());
                    bytes(p, m.body());
                }
                case Message.TaskDone m -> {
                    header(p, m, 4);
                    p.packLong(m.requestId());
                    p.packInt(m.status());
                    bytes(p, m.payload());
                    p.packString(m.error());
                }
            }
            return p.toByteArray();
        }
    }

    public static Message decode(byte[] frame) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
            int size = u.unpackArrayHeader();
            if (size < 1) {
                throw new ProtocolException("empty message");
            }
            Message.Type type = Message.Type.of(u.unpackInt());
            Message message = switch (type) {
                case CHALLENGE -> {
                    expect(type, size, 2);
                    yield new Message.Challenge(u.unpackInt(), bytes(u, frame));
                }
                case HELLO -> {
                    expect(type, size, 5);
                    yield new Message.Hello(u.unpackInt(), bytes(u, frame), string(u, frame), u.unpackInt(), u.unpackLong());
                }
                case WELCOME -> {
                    expect(type, size, 2);
                    yield new Message.Welcome(u.unpackInt(), u.unpackInt());
                }
                case HEARTBEAT -> {
                    expect(type, size, 0);
                    yield new Message.Heartbeat();
                }
                case EVALUATE -> {
                    expect(type, size, 2);
                    yield new Message.Evaluate(u.unpackLong(), string(u, frame));
                }
                case EVALUATED -> {
                    expect(type, size, 4);
                    yield new Message.Evaluated(u.unpackLong(), u.unpackBoolean(), bytes(u, frame), string(u, frame));
                }
                case SHUTDOWN -> {
                    expect(type, size, 1);
                    yield new Message.Shutdown(string(u, frame));
                }
                case LEAVING -> {
                    expect(type, size, 1);
                    yield new Message.Leaving(string(u, frame));
                }
                case LEND -> {
                    expect(type, size, 5);
                    yield new Message.Lend(u.unpackLong(), string(u, frame), u.unpackInt(), string(u, frame),
                            u.unpackLong());
                }
                case TASK -> {
                    expect(type, size, 3);
                    yield new Message.Task(u.unpackLong(), bytes(u, frame), u.unpackLong());
                }
                case FETCH -> {
                    expect(type, size, 4);
                    yield new Message.Fetch(u.unpackLong(), string(u, frame), string(u, frame), string(u, frame));
                }
                case FETCHED -> {
                    expect(type, size, 5);
                    yield new Message.Fetched(u.unpackLong(), u.unpackInt(), string(u, frame), string(u, frame),
                            bytes(u, frame));
                }
                case SPOKE_OUTPUT -> {
                    expect(type, size, 1);
                    yield new Message.SpokeOutput(string(u, frame));
                }
                case TASK_MESSAGE -> {
                    expect(type, size, 2);
                    yield new Message.TaskMessage(u.unpackLong(), bytes(u, frame));
                }
                case TASK_DONE -> {
                    expect(type, size, 4);
                    yield new Message.TaskDone(u.unpackLong(), u.unpackInt(), bytes(u, frame), string(u, frame));
                }
            };
            if (u.hasNext()) {
                throw new ProtocolException("trailing bytes after a " + type + " message");
            }
            return message;
        } catch (MessagePackException | IOException e) {
            throw new ProtocolException("malformed message: " + why(e), e);
        }
    }

    /** What was wrong with a frame msgpack could not read: its message, or what kind of failure it was. */
    private static String why(Exception e) {
        if (e instanceof org.msgpack.core.MessageInsufficientBufferException || e instanceof java.io.EOFException) {
            return "it ends before its last field";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void header(MessageBufferPacker p, Message m, int fields) throws IOException {
        p.packArrayHeader(fields + 1);
        p.packInt(m.type().code);
    }

    private static void bytes(MessageBufferPacker p, byte[] value) throws IOException {
        p.packBinaryHeader(value.length);
        p.writePayload(value);
    }

    private static byte[] bytes(MessageUnpacker u, byte[] frame) throws IOException {
        return payload(u, u.unpackBinaryHeader(), frame);
    }

    private static String string(MessageUnpacker u, byte[] frame) throws IOException {
        return new String(payload(u, u.unpackRawStringHeader(), frame), StandardCharsets.UTF_8);
    }

    /** Reads {@code length} bytes, refusing a length the frame cannot hold (no huge allocation). */
    private static byte[] payload(MessageUnpacker u, int length, byte[] frame) throws IOException {
        if (length < 0 || length > frame.length - u.getTotalReadBytes()) {
            throw new ProtocolException("a field claims " + Integer.toUnsignedString(length)
                    + " bytes, more than its frame holds");
        }
        return u.readPayload(length);
    }

    private static void expect(Message.Type type, int size, int fields) {
        if (size != fields + 1) {
            throw new ProtocolException(type + " has " + (size - 1) + " fields, not " + fields);
        }
    }
}
