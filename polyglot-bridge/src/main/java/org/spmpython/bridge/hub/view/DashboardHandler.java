package org.spmpython.bridge.hub.view;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * One browser's (or tool's) connection: {@code /} the page, its script and style, {@code
 * /api/state} the state as JSON, {@code /api/events} the state as server-sent events. GET only;
 * every other path is 404. Runs on the view's thread.
 */
final class DashboardHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** The page may load only what this server serves: no CDN, no inline script. */
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Dashboard dashboard;

    DashboardHandler(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "text/plain; charset=utf-8", "malformed request\n", false);
            return;
        }
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!request.method().equals(HttpMethod.GET) && !head) {
            respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                    "the dashboard is read-only: GET only\n", false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        Assets.Asset asset = dashboard.assets().at(path);
        if (asset != null && !path.equals(Assets.PAGE)) {
            // The script and style hold no state of the hub: they need no token.
            respond(ctx, request, HttpResponseStatus.OK, asset.contentType(), asset.bytes(), head);
            return;
        }
        if (asset == null && !path.equals("/api/state") && !path.equals("/api/events")) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                    "no such page: " + path + " (the dashboard has /, /api/state and /api/events)\n", head);
            return;
        }
        List<String> tokens = uri.parameters().get("token");
        String refusal = dashboard.access().refusal(request.headers().get(HttpHeaderNames.HOST),
                tokens == null || tokens.isEmpty() ? null : tokens.get(0));
        if (refusal != null) {
            respond(ctx, request, HttpResponseStatus.FORBIDDEN, "text/plain; charset=utf-8", refusal + "\n", head);
            return;
        }
        switch (path) {
            case "/api/state" -> respond(ctx, request, HttpResponseStatus.OK, "application/json",
                    dashboard.stateJson().getBytes(StandardCharsets.UTF_8), head);
            case "/api/events" -> stream(ctx, request);
            default -> respond(ctx, request, HttpResponseStatus.OK, asset.contentType(), asset.bytes(), head);
        }
    }

    private void stream(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (dashboard.streams().size() >= Dashboard.MAX_STREAMS) {
            respond(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
                    "too many live views open (" + Dashboard.MAX_STREAMS + "); close some tabs\n", false);
            return;
        }
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(response);
        // A stream is read by the browser only: the idle timeout of plain requests is not for it.
        if (ctx.pipeline().get(Dashboard.IDLE) != null) {
            ctx.pipeline().remove(Dashboard.IDLE);
        }
        dashboard.streams().add(ctx.channel(), dashboard.stateJson(), dashboard.millisNow());
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            String contentType, String body, boolean head) {
        respond(ctx, request, status, contentType, body.getBytes(StandardCharsets.UTF_8), head);
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            String contentType, byte[] body, boolean head) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        h.set("Content-Security-Policy", POLICY);
        h.set("X-Content-Type-Options", "nosniff");
        // The token is in the page's URL: no other site hears of it.
        h.set("Referrer-Policy", "no-referrer");
        boolean keepAlive = HttpUtil.isKeepAlive(request) && status.code() < 400;
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        var sent = ctx.writeAndFlush(response);
        if (!keepAlive) {
            sent.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A browser that went away mid-answer: its connection only.
        ctx.close();
    }
}
