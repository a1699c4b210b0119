package org.kith.hub.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * How the door ends a connection it has answered before reading the whole request (a request line
 * or headers the codec refused, an address over its budget, a body over the limit): the answer is
 * sent, the output half-closed (after a TLS {@code close_notify}), and what the client still sends
 * is read and dropped; the connection is closed when the client closes its end, past
 * {@code maxBytes} dropped, or {@code linger} after the refusal, whichever comes first.
 *
 * <p>Why: a client that sends its body right behind its headers, as nearly every client does,
 * still has bytes on the way when the answer reaches it. Closed at once, the hub's kernel answers
 * those bytes with a TCP reset, and a client that was still writing loses the answer it had
 * already received (the JDK's HTTP client then reports "header parser received no bytes"): the
 * refusal becomes a network error a client retries. Read and dropped, the bytes do no harm.
 *
 * <p>Bounded, so that refusals are no way to hold connections: the connection stays counted
 * against the connection caps ({@link ConnectionGuard}) until it is closed, nothing read is kept,
 * the HTTP codec and the routes never see another byte of it, and the linger is short. The bounds
 * are chosen by {@code HttpApiServer}: one second at most (bytes the client sent before it saw the
 * answer arrive within a round trip of it; a client still sending a second later is not reading the
 * answer), never more than the body deadline, and 1 MiB at most (more than a client has on the way
 * when the answer reaches it). Reaching the byte budget, like the deadline, closes the connection
 * after flushing what the hub wrote.
 */
final class LingeringClose {

    /** The name of the handler that drops a refused connection's input, first in its pipeline. */
    static final String NAME = "kith-lingering-close";

    private final long lingerNanos;
    private final long maxBytes;

    LingeringClose(long lingerMillis, long maxBytes) {
        if (lingerMillis < 1 || maxBytes < 0) {
            throw new IllegalArgumentException("a linger of at least 1 ms and a byte budget of 0 or more");
        }
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        this.maxBytes = maxBytes;
    }

    /**
     * Ends {@code channel}, whose refusal {@code answered} is being written: from now on nothing it
     * reads reaches the TLS layer or the HTTP codec, its output is half-closed once the answer is out
     * (at once if the answer fails), and it is closed within the linger of now, whatever the client does.
     */
    void close(Channel channel, Future<?> answered) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> close(channel, answered));
            return;
        }
        Dropping dropping = dropping(channel);
        dropping.closeWithin(channel, lingerNanos);
        channel.flush(); // Vert.x flushes what it wrote while reading only once the read ends: the answer goes out now
        answered.addListener(written -> channel.eventLoop().execute(() -> {
            if (written.isSuccess()) {
                dropping.halfClose(channel);
            } else {
                channel.close();
            }
        }));
    }

    /** {@link #close(Channel, Future)} for a request Vert.x answers: once {@code answered} completes. */
    void close(HttpServerRequest request, io.vertx.core.Future<?> answered) {
        if (!(request.connection() instanceof ConnectionBase connection)) {
            answered.onComplete(done -> request.connection().close());
            return;
        }
        Channel channel = connection.channel();
        Promise<Void> written = channel.eventLoop().newPromise();
        close(channel, written);
        answered.onComplete(done -> {
            if (done.succeeded()) {
                written.trySuccess(null);
            } else {
                written.tryFailure(done.cause());
            }
        });
    }

    /**
     * From now on what {@code channel} reads is dropped, before the TLS layer and the HTTP codec, while
     * its answer waits (for the responses owed before it); {@link #close(Channel, Future)} then ends it.
     */
    void stopReading(Channel channel) {
        if (channel.eventLoop().inEventLoop()) {
            dropping(channel);
        } else {
            channel.eventLoop().execute(() -> dropping(channel));
        }
    }

    private Dropping dropping(Channel channel) {
        Dropping existing = (Dropping) channel.pipeline().get(NAME);
        if (existing != null) {
            return existing;
        }
        Dropping dropping = new Dropping();
        channel.pipeline().addFirst(NAME, dropping);
        // Vert.x may have paused the reading (a request waiting for its turn): the bytes must be read to be dropped
        channel.config().setAutoRead(true);
        channel.read();
        return dropping;
    }

    /** First in the pipeline: every byte read is counted and released; past the budget, the connection is closed. */
    private final class Dropping extends ChannelInboundHandlerAdapter {

        private long dropped;
        private ScheduledFuture<?> deadline;

        void closeWithin(Channel channel, long nanos) {
            if (deadline == null) {
                deadline = channel.eventLoop().schedule(() -> {
                    channel.close();
                }, nanos, TimeUnit.NANOSECONDS);
            }
        }

        /**
         * The answer is out: a TLS {@code close_notify}, then the output half-closed, so the client reads
         * the end of the answer. A channel that cannot half-close (none the server opens) stays open
         * until its deadline.
         */
        void halfClose(Channel channel) {
            if (!channel.isActive()) {
                return;
            }
            SslHandler tls = channel.pipeline().get(SslHandler.class);
            if (tls == null) {
                shutdownOutput(channel);
            } else {
                tls.closeOutbound().addListener(notified -> shutdownOutput(channel));
            }
        }

        private static void shutdownOutput(Channel channel) {
            if (channel instanceof DuplexChannel duplex && channel.isActive()) {
                duplex.shutdownOutput().addListener(shut -> {
                    if (!shut.isSuccess()) {
                        channel.close();
                    }
                });
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes) {
                dropped += bytes.readableBytes();
            }
            ReferenceCountUtil.release(msg);
            if (dropped > maxBytes) {
                ctx.channel().flush();
                ctx.close();
            }
        }

        /** Passed on: Vert.x flushes what it wrote while reading (the answer itself, often) at the end of a read. */
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.fireChannelReadComplete();
            if (!ctx.channel().config().isAutoRead()) {
                ctx.read();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                ctx.close(); // the client closed its end: nothing more to wait for
                return;
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset while dropping: the client is gone
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (deadline != null) {
                deadline.cancel(false);
            }
            ctx.fireChannelInactive();
        }
    }
}
