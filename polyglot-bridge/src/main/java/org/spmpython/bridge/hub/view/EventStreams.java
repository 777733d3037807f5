package org.spmpython.bridge.hub.view;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;

/**
 * The browsers that follow the view (server-sent events): each gets the whole state as one
 * event whenever it changed. A browser that does not keep up (its connection's buffer is full)
 * is skipped, not waited for: it gets the next state once it has drained, and a browser stuck
 * for {@link #STUCK_MILLIS} is closed. So a slow or vanished browser holds at most one state's
 * bytes. On the view's thread only.
 */
final class EventStreams {
    static final long STUCK_MILLIS = 30_000;

    /** Each stream, and since when it has not been writable (-1 while it is). */
    private final Map<Channel, Long> streams = new HashMap<>();

    void add(Channel channel, String state, long now) {
        streams.put(channel, -1L);
        channel.closeFuture().addListener(f -> streams.remove(channel));
        send(channel, "retry: 2000\n" + event(state));
    }

    int size() {
        return streams.size();
    }

    /** Sends the state to every stream that can take it now. */
    void publish(String state, long now) {
        String event = event(state);
        for (Map.Entry<Channel, Long> e : Map.copyOf(streams).entrySet()) {
            Channel c = e.getKey();
            if (c.isWritable()) {
                streams.put(c, -1L);
                send(c, event);
            } else if (e.getValue() < 0) {
                streams.put(c, now);
            } else if (now - e.getValue() > STUCK_MILLIS) {
                c.close();
            }
        }
    }

    /** A comment line, so that proxies and browsers see the stream alive. */
    void keepAlive() {
        for (Channel c : Map.copyOf(streams).keySet()) {
            if (c.isWritable()) {
                send(c, ": alive\n\n");
            }
        }
    }

    void closeAll() {
        for (Channel c : Map.copyOf(streams).keySet()) {
            c.close();
        }
    }

    private static String event(String state) {
        return "event: state\ndata: " + state + "\n\n";
    }

    private static void send(Channel channel, String text) {
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
    }
}
