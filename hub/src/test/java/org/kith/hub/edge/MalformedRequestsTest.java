package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests the HTTP codec refuses, on a Netty channel with Netty's codec (the one Vert.x uses) and
 * a frozen clock: each answered with its problem, in turn behind the responses still owed, none
 * reaching the server behind; and the refused connection's input dropped, within its budget of
 * bytes and time.
 */
class MalformedRequestsTest {

    private static final int LINE = 4_096;
    private static final int HEADERS = 8_192;
    private static final long LINGER_MS = 1_000;
    private static final int MAX_BYTES = 16_384;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** The paths of the requests that reached the server behind the codec. */
    private final List<String> served = new ArrayList<>();
    private EmbeddedChannel channel;

    @BeforeEach
    void openAConnection() {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast("httpDecoder", new HttpRequestDecoder(LINE, HEADERS, 8_192));
        channel.pipeline().addLast(MalformedRequests.VERTX_ENCODER, new HttpResponseEncoder());
        var malformed = new MalformedRequests(LINE, HEADERS, new LingeringClose(LINGER_MS, MAX_BYTES), meters);
        assertTrue(malformed.watch(channel.pipeline()));
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest request) {
                    served.add(request.uri());
                }
                ReferenceCountUtil.release(msg);
            }
        });
    }

    @Test
    void aRequestLineOverTheLimitIs414UriTooLongAndNothingOfItIsEchoed() {
        send("PUT /v1/admin/agreements/" + "x".repeat(5_000) + " HTTP/1.1\r\nHost: hub\r\nContent-Length: 10\r\n\r\n");
        String answer = answer();
        assertProblem(answer, 414, "uri-too-long");
        assertFalse(answer.contains("xxxx"), answer);
        assertEquals(List.of(), served, "the server behind never saw it");
        assertEquals(1, count("uri-too-long"));
    }

    @Test
    void headersOverTheLimitAre431HeadersTooLarge() {
        send("PUT /v1/admin/agreements/A-1 HTTP/1.1\r\nHost: hub\r\nX-Padding: " + "p".repeat(9_000) + "\r\n\r\n");
        assertProblem(answer(), 431, "headers-too-large");
        assertEquals(List.of(), served);
    }

    @Test
    void aRequestThatIsNotHttpIs400MalformedRequest() {
        send("GET / HTTP/1.1\r\nHost: hub\r\nContent-Length: twelve\r\n\r\n");
        assertProblem(answer(), 400, "malformed-request");
        assertEquals(List.of(), served);
    }

    @Test
    void aRefusalPipelinedBehindARequestIsAnsweredAfterThatRequestsResponse() {
        send("GET /first HTTP/1.1\r\nHost: hub\r\n\r\nGET /" + "x".repeat(5_000) + " HTTP/1.1\r\n");
        assertEquals(List.of("/first"), served);
        assertNull(channel.readOutbound(), "nothing before the first request's response");
        var ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.copiedBuffer("ok",
                StandardCharsets.US_ASCII));
        ok.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 2);
        channel.writeAndFlush(ok);
        String answers = answer();
        assertTrue(answers.startsWith("HTTP/1.1 200 OK"), answers);
        int second = answers.indexOf("HTTP/1.1 414");
        assertTrue(second > 0, "then the refusal: " + answers);
        assertProblem(answers.substring(second), 414, "uri-too-long");
    }

    @Test
    void aRefusedConnectionsInputIsDroppedThenItIsClosedAtTheLinger() {
        send("PUT /" + "x".repeat(5_000) + " HTTP/1.1\r\nHost: hub\r\nContent-Length: 100000\r\n\r\n");
        answer();
        send("b".repeat(4_096));
        channel.advanceTimeBy(LINGER_MS - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isActive(), "open while the client may still be sending, within the budget");
        send("GET /next HTTP/1.1\r\nHost: hub\r\n\r\n");
        assertEquals(List.of(), served, "what follows a refusal reaches no one");
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isActive(), "closed at the linger");
    }

    @Test
    void aRefusedConnectionIsClosedOnceItsClientSentMoreThanTheBudget() {
        send("PUT /" + "x".repeat(5_000) + " HTTP/1.1\r\nHost: hub\r\nContent-Length: 100000\r\n\r\n");
        answer();
        send("b".repeat(MAX_BYTES));
        assertTrue(channel.isActive(), "up to the budget");
        send("b");
        assertFalse(channel.isActive(), "past it");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void send(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
    }

    /** Everything written to the client so far, as text. */
    private String answer() {
        channel.runPendingTasks();
        var text = new StringBuilder();
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            ByteBuf bytes = (ByteBuf) out;
            text.append(bytes.toString(StandardCharsets.ISO_8859_1));
            bytes.release();
        }
        return text.toString();
    }

    /** The refusal's problem, with its reason code (the type's last segment). */
    private static void assertProblem(String answer, int status, String reason) {
        RawHttp.assertProblem(answer, status, reason);
        assertEquals(reason, RawHttp.json(answer).path("reason").asText(), answer);
    }

    private double count(String reason) {
        return meters.get("kith.http.requests.malformed").tag("reason", reason).counter().count();
    }
}
