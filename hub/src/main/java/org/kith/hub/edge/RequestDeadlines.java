package org.kith.hub.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.kith.hub.config.HttpLimits;

/**
 * The deadlines of one HTTP connection: its client has {@code kith.http.header.timeout.ms} to send
 * a request's headers, counted from the connection's opening (its TLS handshake included) or from
 * the first byte of each next request, then {@code kith.http.body.timeout.ms} to send the body.
 * Past a deadline the connection is closed, without an answer. These are deadlines, not idle
 * timers: a client that trickles one byte every few seconds (a slow-loris) keeps an idle timer
 * from ever firing, but not a deadline. Between requests only the idle timeout applies.
 *
 * <p>Two Netty handlers watch the connection: one at the head of the pipeline sees bytes arrive
 * (a next request starting), one behind Vert.x's HTTP/1.1 decoder sees a request's headers
 * ({@link HttpRequest}) and the end of its body ({@link LastHttpContent}). Both run on the
 * connection's event loop, as do the timers, so the state needs no locking. While the hub itself
 * has stopped reading the connection (Vert.x pauses it when a request waits for the routes), the
 * delay is not the client's: a deadline that passes then is judged again a moment after reading
 * resumes (the idle timeout still bounds such a connection).
 */
final class RequestDeadlines {

    /** The head handler's name in the pipeline. */
    static final String BYTES = "kith-request-bytes";
    /** The name of the handler behind the decoder. */
    static final String REQUESTS = "kith-request-parts";
    /** Vert.x's name for its HTTP/1.1 request decoder in the pipeline. */
    static final String VERTX_DECODER = "httpDecoder";

    private enum Phase { HEADERS, BODY, BETWEEN }

    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** What the deadlines count, shared by every connection. */
    record Meters(Counter headers, Counter body) {
        static Meters of(MeterRegistry registry) {
            return new Meters(closed(registry, "headers"), closed(registry, "body"));
        }

        private static Counter closed(MeterRegistry registry, String phase) {
            return Counter.builder("kith.http.deadline.closed")
                    .description("Connections closed because a request's headers or body did not arrive in time")
                    .tag("phase", phase).register(registry);
        }
    }

    private final Channel channel;
    private final long headerNanos;
    private final long bodyNanos;
    private final Meters meters;
    private Phase phase = Phase.HEADERS;
    private ScheduledFuture<?> timer;
    private boolean paused;

    private RequestDeadlines(Channel channel, HttpLimits limits, Meters meters) {
        this.channel = channel;
        this.headerNanos = TimeUnit.MILLISECONDS.toNanos(limits.headerTimeoutMs());
        this.bodyNanos = TimeUnit.MILLISECONDS.toNanos(limits.bodyTimeoutMs());
        this.meters = meters;
    }

    /**
     * Starts the first request's header deadline on a connection just accepted, before its TLS
     * handshake; the connection's pipeline is still empty.
     */
    static void watch(Channel channel, HttpLimits limits, Meters meters) {
        var deadlines = new RequestDeadlines(channel, limits, meters);
        channel.pipeline().addFirst(BYTES, deadlines.new Bytes());
        deadlines.start(Phase.HEADERS, deadlines.headerNanos);
    }

    /**
     * Once Vert.x has built the connection's HTTP/1.1 pipeline (after the TLS handshake): the watcher
     * of decoded requests, right behind the decoder. A connection without that decoder (no other
     * protocol is offered) is closed: its deadlines could not be kept.
     *
     * @return whether the connection is watched
     */
    static boolean watchRequests(ChannelPipeline pipeline) {
        Bytes bytes = (Bytes) pipeline.get(BYTES);
        if (bytes == null || pipeline.get(VERTX_DECODER) == null) {
            pipeline.channel().close();
            return false;
        }
        pipeline.addAfter(VERTX_DECODER, REQUESTS, bytes.deadlines().new Requests());
        return true;
    }

    private void start(Phase next, long nanos) {
        cancel();
        phase = next;
        paused = false;
        timer = channel.eventLoop().schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
    }

    private void between() {
        cancel();
        phase = Phase.BETWEEN;
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The deadline passed: the connection is closed, unless the hub, not the client, stopped the reading. */
    private void expire() {
        timer = null;
        if (phase == Phase.BETWEEN || !channel.isActive()) {
            return;
        }
        if (!channel.config().isAutoRead()) {
            // the hub paused reading: what the client sent may be waiting on our side
            paused = true;
            timer = channel.eventLoop().schedule(this::expire, RECHECK_NANOS, TimeUnit.NANOSECONDS);
            return;
        }
        if (paused) {
            // reading resumed: a moment to take in what waited before the deadline is judged
            paused = false;
            timer = channel.eventLoop().schedule(this::expire, RECHECK_NANOS, TimeUnit.NANOSECONDS);
            return;
        }
        (phase == Phase.HEADERS ? meters.headers() : meters.body()).increment();
        channel.close();
    }

    /** At the head of the pipeline: the first bytes after a finished request start the next one's header deadline. */
    private final class Bytes extends ChannelInboundHandlerAdapter {

        RequestDeadlines deadlines() {
            return RequestDeadlines.this;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (phase == Phase.BETWEEN) {
                start(Phase.HEADERS, headerNanos);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }
    }

    /** Behind the decoder: a request's headers end the header deadline and start the body's; its last part ends that. */
    private final class Requests extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                start(Phase.BODY, bodyNanos);
            }
            if (msg instanceof LastHttpContent) {
                between();
            }
            ctx.fireChannelRead(msg);
        }
    }
}
