package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kith.hub.config.HttpLimits;

/**
 * The deadlines of one connection, on a Netty channel with a frozen clock: a header deadline from
 * the opening that trickled bytes do not extend, a body deadline from the end of the headers, none
 * between requests until the next one starts, and no verdict while the hub itself does not read.
 */
class RequestDeadlinesTest {

    private static final HttpLimits LIMITS = new HttpLimits(10, 5, 60_000, 3_000, 4_000, 0, 1_000);
    private static final String HEADERS = "POST /v1/messages HTTP/1.1\r\nHost: hub\r\nContent-Length: 4\r\n\r\n";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private EmbeddedChannel channel;

    @BeforeEach
    void openAConnection() {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        RequestDeadlines.watch(channel, LIMITS, RequestDeadlines.Meters.of(meters));
        channel.pipeline().addLast(RequestDeadlines.VERTX_DECODER, new HttpRequestDecoder());
        assertTrue(RequestDeadlines.watchRequests(channel.pipeline()));
    }

    @Test
    void aSlowLorisIsClosedAtTheHeaderDeadlineThoughItKeepsSendingBytes() {
        for (int second = 0; second < 2; second++) {
            send("P");
            pass(1_000);
            assertTrue(channel.isActive(), "open before the deadline");
        }
        send("O");
        pass(1_000);
        assertFalse(channel.isActive(), "closed at 3 s, bytes or not");
        assertEquals(1, closed("headers"));
    }

    @Test
    void aBodyHasItsOwnDeadlineFromTheEndOfTheHeaders() {
        pass(2_900);
        send(HEADERS);
        pass(3_500);
        assertTrue(channel.isActive(), "the header deadline ended with the headers");
        send("ab");
        pass(500);
        assertFalse(channel.isActive(), "closed 4 s after the headers, half a body in");
        assertEquals(1, closed("body"));
    }

    @Test
    void betweenRequestsNoDeadlineRunsUntilTheNextRequestStarts() {
        send(HEADERS + "abcd");
        pass(60_000);
        assertTrue(channel.isActive(), "a kept-alive connection waits for its next request (the idle timeout's business)");
        send("GET / HT");
        pass(2_999);
        assertTrue(channel.isActive());
        pass(1);
        assertFalse(channel.isActive(), "the next request's headers had 3 s from its first byte");
    }

    @Test
    void whileTheHubDoesNotReadTheClientIsNotJudged() {
        send(HEADERS + "ab");
        channel.config().setAutoRead(false);
        pass(10_000);
        assertTrue(channel.isActive(), "the hub paused reading: not the client's delay");
        channel.config().setAutoRead(true);
        send("cd");
        pass(1_000);
        assertTrue(channel.isActive(), "the body came in once reading resumed");
        assertEquals(0, closed("body"));
    }

    @Test
    void aConnectionWithoutTheHttp1DecoderIsClosed() {
        var other = new EmbeddedChannel();
        RequestDeadlines.watch(other, LIMITS, RequestDeadlines.Meters.of(meters));
        assertFalse(RequestDeadlines.watchRequests(other.pipeline()));
        assertFalse(other.isActive());
    }

    private void send(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
        channel.inboundMessages().clear();
    }

    private void pass(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    private double closed(String phase) {
        return meters.get("kith.http.deadline.closed").tag("phase", phase).counter().count();
    }
}
