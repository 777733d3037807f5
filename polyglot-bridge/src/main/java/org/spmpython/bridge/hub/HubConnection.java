package org.spmpython.bridge.hub;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.spmpython.bridge.wire.Message;
import org.spmpython.bridge.wire.Protocol;
import org.spmpython.bridge.wire.ProtocolException;
import org.spmpython.bridge.wire.Secret;
import org.spmpython.bridge.wire.Tls;

/**
 * The hub's end of one connection. Until the peer has answered the challenge it is told nothing
 * and may send nothing else; any breach closes the connection with a logged reason and touches
 * nothing else in the hub.
 */
final class HubConnection extends SimpleChannelInboundHandler<Message> {
    /** How long a peer has to answer the challenge. */
    private static final long HANDSHAKE_SECONDS = 10;

    private final Tracker tracker;
    private final byte[] nonce = Secret.nonce();
    private SpokeRecord spoke;
    private ScheduledFuture<?> handshakeTimeout;
    private ScheduledFuture<?> heartbeats;
    private String closing;
    /** Messages read from the admitted spoke (on the event loop only). */
    private long reads;
    private boolean recheckPending;

    HubConnection(Tracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(new Message.Challenge(Protocol.VERSION, nonce));
        handshakeTimeout = ctx.executor().schedule(
                () -> refuse(ctx, "no answer to the challenge within " + HANDSHAKE_SECONDS + " s"),
                HANDSHAKE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (spoke == null) {
            authenticate(ctx, message);
            return;
        }
        spoke.beat();
        reads++;
        switch (message) {
            case Message.Heartbeat h -> { }
            case Message.Evaluated result -> answered(ctx, result.requestId(), result);
            case Message.TaskDone done -> answered(ctx, done.requestId(), done);
            case Message.Fetch fetch -> ctx.writeAndFlush(tracker.sources().answer(fetch));
            case Message.TaskMessage m -> tracker.taskMessage(spoke, m);
            case Message.SpokeOutput o -> tracker.output(spoke, o.lines());
            case Message.Leaving leaving -> tracker.left(spoke, leaving.reason());
            default -> refuse(ctx, "a spoke may not send " + message.type());
        }
    }

    private void answered(ChannelHandlerContext ctx, long requestId, Message answer) {
        if (!tracker.answered(spoke, requestId, answer)) {
            refuse(ctx, "it answered request " + requestId + " with " + answer.type() + ", not that request's answer");
        }
    }

    private void authenticate(ChannelHandlerContext ctx, Message message) {
        if (!(message instanceof Message.Hello hello)) {
            refuse(ctx, "expected HELLO, got " + message.type());
            return;
        }
        if (hello.protocolVersion() != Protocol.VERSION) {
            refuse(ctx, "protocol version " + hello.protocolVersion() + ", this hub speaks " + Protocol.VERSION);
            return;
        }
        if (!tracker.secret().verify(nonce, hello.proof())) {
            refuse(ctx, "wrong secret");
            return;
        }
        handshakeTimeout.cancel(false);
        Protocol.admitted(ctx.pipeline());
        long lostMillis = tracker.config().lostAfter().toMillis();
        int beatMillis = (int) tracker.config().heartbeat().toMillis();
        Protocol.watchSilence(ctx.pipeline(), "idle", new IdleStateHandler(lostMillis, 0, 0, TimeUnit.MILLISECONDS));
        spoke = tracker.join(ctx.channel(), hello);
        ctx.writeAndFlush(new Message.Welcome(spoke.id, beatMillis));
        heartbeats = ctx.executor().scheduleAtFixedRate(
                () -> ctx.writeAndFlush(new Message.Heartbeat()), beatMillis, beatMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Silent for lostAfter: lost, unless something arrives within two heartbeats more. That is
     * for a hub resumed after Ctrl-Z (SIGSTOP, a debugger): its timer may fire before its event
     * loop reads what the spoke sent while the hub was stopped.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof io.netty.handler.ssl.SslHandshakeCompletionEvent tls && !tls.isSuccess()) {
            String why = Tls.serverTrouble(tls.cause());
            refuse(ctx, why != null ? why : "TLS failed: " + tls.cause());
            return;
        }
        if (event instanceof IdleStateEvent && spoke != null && !recheckPending) {
            recheckPending = true;
            long seen = reads;
            ctx.executor().schedule(() -> {
                recheckPending = false;
                if (reads == seen && spoke != null) {
                    tracker.lose(spoke, "no heartbeat for " + tracker.config().lostAfter().toMillis() / 1000.0 + " s",
                            true);
                }
            }, 2 * tracker.config().heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            refuse(ctx, spoke == null
                    ? "a frame longer than the " + Protocol.MAX_HANDSHAKE_FRAME_BYTES + " bytes a peer may send before it is admitted"
                    : "a frame longer than the " + Protocol.MAX_FRAME_BYTES + " bytes a message may have");
            return;
        }
        String tls = Tls.serverTrouble(cause);
        if (tls != null) {
            refuse(ctx, tls);
            return;
        }
        Throwable reason = cause.getCause() instanceof ProtocolException ? cause.getCause() : cause;
        refuse(ctx, reason.getMessage() == null ? reason.toString() : reason.getMessage());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel(handshakeTimeout);
        cancel(heartbeats);
        if (spoke != null) {
            tracker.lose(spoke, closing != null ? closing : "its connection closed", false);
        }
    }

    /** Closes this connection, saying why. */
    private void refuse(ChannelHandlerContext ctx, String why) {
        if (closing != null) {
            return;
        }
        closing = why;
        String who = spoke != null ? "spoke " + spoke.id + " at " + ctx.channel().remoteAddress()
                : String.valueOf(ctx.channel().remoteAddress());
        tracker.refused(who, why);
        ctx.close();
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
