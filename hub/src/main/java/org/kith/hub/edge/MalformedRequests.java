package org.kith.hub.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.kith.connectors.Problem;
import org.kith.schemas.Json;

/**
 * Requests the HTTP/1.1 codec could not read, answered by the hub with the problem JSON of every
 * other refusal: a request line over the codec's limit is 414 {@code uri-too-long}, headers over
 * theirs 431 {@code headers-too-large}, anything else the codec refuses (a request line or header
 * that is not HTTP/1.1, a bad {@code Content-Length}) 400 {@code malformed-request}. Nothing of the
 * request is echoed. The connection is then ended by {@link LingeringClose}, since the rest of the
 * request (its body above all) is still on its way.
 *
 * <p>Vert.x would answer these itself with an empty body and close the connection at once, which
 * is what lost the answer to a client still sending. So a handler in the pipeline, behind the
 * decoder and the encoder, takes the failed request before Vert.x sees it, and writes the answer
 * through the encoder; it also sees each response Vert.x writes, so that an answer to a request
 * pipelined behind others goes out in turn, after the responses still owed.
 */
final class MalformedRequests {

    /** The handler's name in a connection's pipeline. */
    static final String NAME = "kith-malformed-requests";
    /** Vert.x's name for its HTTP/1.1 response encoder in the pipeline. */
    static final String VERTX_ENCODER = "httpEncoder";

    private final Refusal uriTooLong;
    private final Refusal headersTooLarge;
    private final Refusal malformed;
    private final LingeringClose closing;

    /** The answer to one kind of request the codec refused, and its count. */
    private record Refusal(HttpResponseStatus status, byte[] body, Counter refused) {
    }

    /**
     * @param maxRequestLine the codec's limit on a request line, in bytes
     * @param maxHeaders     the codec's limit on the headers together, in bytes
     */
    MalformedRequests(int maxRequestLine, int maxHeaders, LingeringClose closing, MeterRegistry meters) {
        this.uriTooLong = refusal(meters, Problem.refused(414, "uri-too-long", "Request line too long",
                "a request line (method, path and query) may be at most " + maxRequestLine
                        + " bytes; the request was not read"));
        this.headersTooLarge = refusal(meters, Problem.refused(431, "headers-too-large", "Request headers too large",
                "a request's headers may be at most " + maxHeaders + " bytes together; the request was not read"));
        this.malformed = refusal(meters, Problem.refused(400, "malformed-request", "Malformed request",
                "the request line or a header is not valid HTTP/1.1; the request was not read"));
        this.closing = closing;
    }

    private static Refusal refusal(MeterRegistry meters, Problem problem) {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(problem);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a problem document is always written", e);
        }
        Counter refused = Counter.builder("kith.http.requests.malformed")
                .description("Requests the HTTP codec could not read (request line or headers too long, not HTTP/1.1),"
                        + " answered with a problem and their connection closed")
                .tag("reason", problem.reason()).register(meters);
        return new Refusal(HttpResponseStatus.valueOf(problem.status()), body, refused);
    }

    /** Watches a connection whose HTTP/1.1 pipeline Vert.x has built; false (and closed) if it has no encoder. */
    boolean watch(ChannelPipeline pipeline) {
        if (pipeline.get(VERTX_ENCODER) == null) {
            pipeline.channel().close();
            return false;
        }
        pipeline.addAfter(VERTX_ENCODER, NAME, new Watcher());
        return true;
    }

    private Refusal refusalFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return uriTooLong;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return headersTooLarge;
        }
        return malformed;
    }

    /** One connection's: the requests passed on whose response is not yet written, and a refusal waiting for them. */
    private final class Watcher extends ChannelDuplexHandler {

        private int owed;
        private Refusal waiting;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
                Refusal refusal = refusalFor(request.decoderResult().cause());
                ReferenceCountUtil.release(msg);
                refusal.refused().increment();
                if (owed == 0) {
                    answer(ctx, refusal);
                } else {
                    waiting = refusal;
                    closing.stopReading(ctx.channel());
                }
                return;
            }
            if (msg instanceof HttpRequest) {
                owed++;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof LastHttpContent && !(msg instanceof HttpResponse response
                    && response.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
                ChannelPromise written = promise.unvoid();
                written.addListener(done -> responded(ctx));
                ctx.write(msg, written);
                return;
            }
            ctx.write(msg, promise);
        }

        private void responded(ChannelHandlerContext ctx) {
            owed = Math.max(0, owed - 1);
            if (owed == 0 && waiting != null) {
                Refusal refusal = waiting;
                waiting = null;
                answer(ctx, refusal);
            }
        }

        private void answer(ChannelHandlerContext ctx, Refusal refusal) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal.status(),
                    Unpooled.wrappedBuffer(refusal.body()));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, refusal.body().length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            closing.close(ctx.channel(), ctx.writeAndFlush(response));
        }
    }
}
