package org.kith.hub.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.kith.hub.edge.RawHttp.ascii;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.connectors.rest.RestIngressRoutes;
import org.kith.hub.config.HubOption;
import org.kith.hub.testing.RunsAlone;

/**
 * Refusals the hub answers before it has read the request reach the client whole, as problem JSON,
 * though the client is still sending: a request line over the codec's limit (414), headers over
 * theirs (431), an address over its request budget (429) and a {@code Content-Length} over the body
 * limit (413). Each client here sends its request's head, waits until the answer is in its receive
 * buffer, sends its body after it (the server had answered and closed by then, before the fix, and
 * a body sent to a closed connection is answered with a reset), then reads the answer and the end
 * of the connection. The JDK's HTTP client, which sends its body while the answer comes back, gets
 * every refusal too; and a refused client that goes on sending is cut off within the linger.
 */
@RunsAlone
class RefusedBeforeReadIT {

    /** Requests one address may make before it is refused: enough for every test, and reached by one. */
    private static final int ADDRESS_BUDGET = 40;
    /** The client's own pace between the pieces of its body, sent after the answer; not a synchronisation. */
    private static final long PACE_MS = 150;
    private static final int BODY = 2_048;
    private static final String JSON = "Content-Type: application/json\r\n";
    /** The hub's linger (one second), plus room for a loaded machine. */
    private static final long CUT_OFF_WITHIN_MS = 1_000 + 3_000;

    @TempDir
    static Path dir;
    private static DoorHub door;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(RawHttp.bindsLoopback("127.0.0.81"), "needs the whole of 127.0.0.0/8 on the loopback interface (Linux)");
        door = DoorHub.start(dir, "refusedBeforeRead", Map.of(
                HubOption.HTTP_ADDRESS_RATE_LIMIT.key(), Integer.toString(ADDRESS_BUDGET),
                HubOption.HTTP_ADDRESS_RATE_PERIOD_MS.key(), "600000"));
    }

    @AfterAll
    static void stop() {
        if (door != null) {
            door.close();
        }
    }

    @Test
    void aRequestLineOverTheLimitIsAnswered414ThoughItsBodyComesAfterTheAnswer() throws Exception {
        String answer = answeredWhileSending("127.0.0.81", head("PUT", "/v1/admin/agreements/" + "x".repeat(5_000),
                BODY, JSON), BODY);
        RawHttp.assertProblem(answer, 414, "uri-too-long");
        assertTrue(!answer.contains("xxxx"), "nothing of the request is echoed: " + answer);
    }

    @Test
    void headersOverTheLimitAreAnswered431ThoughTheBodyComesAfterTheAnswer() throws Exception {
        String answer = answeredWhileSending("127.0.0.82", head("PUT", "/v1/admin/agreements/A-1", BODY,
                JSON + "X-Padding: " + "p".repeat(9_000) + "\r\n"), BODY);
        RawHttp.assertProblem(answer, 431, "headers-too-large");
    }

    @Test
    void aContentLengthOverTheLimitIsAnswered413ThoughTheBodyComesAfterTheAnswer() throws Exception {
        String answer = answeredWhileSending("127.0.0.83", head("POST", RestIngressRoutes.PATH, 10 * DoorHub.MAX_BYTES,
                "Content-Type: application/cloudevents+json\r\n"), 4 * BODY);
        RawHttp.assertProblem(answer, 413, "too-large");
    }

    @Test
    void aBodyJustOverTheLimitSentRightBehindItsHeadersGetsItsAnswerWhole() throws Exception {
        try (Socket socket = RawHttp.connect("127.0.0.86", door.port())) {
            int length = DoorHub.MAX_BYTES + DoorHub.MAX_BYTES / 2;
            byte[] body = new byte[length];
            Arrays.fill(body, (byte) ' ');
            OutputStream out = socket.getOutputStream();
            out.write(ascii(head("POST", RestIngressRoutes.PATH, length, "Content-Type: application/cloudevents+json\r\n")));
            out.write(body);
            out.flush();
            String answer = RawHttp.readAnswer(socket.getInputStream());
            RawHttp.assertProblem(answer, 413, "too-large");
            assertEquals(-1, socket.getInputStream().read(), "then the end of the hub's side, without a reset");
        }
    }

    @Test
    void anAddressOverItsBudgetIsAnswered429ThoughItsBodyComesAfterTheAnswer() throws Exception {
        String from = "127.0.0.84";
        for (int i = 0; i < ADDRESS_BUDGET; i++) {
            try (Socket socket = RawHttp.connect(from, door.port())) {
                socket.getOutputStream().write(ascii("GET /v1/admin/health HTTP/1.1\r\nHost: hub\r\n\r\n"));
                assertEquals(401, RawHttp.status(RawHttp.readAnswer(socket.getInputStream())), "within the budget");
            }
        }
        String answer = answeredWhileSending(from, head("PUT", "/v1/admin/agreements/A-1", BODY, JSON), BODY);
        assertEquals(429, RawHttp.status(answer), answer);
        assertEquals("rate-limited", RawHttp.json(answer).path("reason").asText(), answer);
        assertNotNull(RawHttp.header(answer, "retry-after"), answer);
    }

    @Test
    void theJdkClientSendingItsBodyGetsEveryRefusalOfAnOverLongRequestLine() {
        byte[] agreement = ascii("{\"parties\": [\"county-cw\", \"riverside-clinic\"], \"purposes\": [\"referral\"],"
                + " \"messageTypes\": [\"referral\"], \"categories\": [\"identity\"], \"effective\": \"2026-01-01\"}");
        List<String> lost = new ArrayList<>();
        List<String> notProblems = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            try {
                HttpResponse<String> response = door.call("PUT", "/v1/admin/agreements/" + "x".repeat(5_000),
                        DoorHub.ADMIN_TOKEN, "application/json", agreement);
                if (response.statusCode() != 414 || !response.body().contains("\"reason\":\"uri-too-long\"")) {
                    notProblems.add(i + ": " + response.statusCode() + " " + response.body());
                }
            } catch (RuntimeException e) {
                lost.add(i + ": " + e);
            }
        }
        assertEquals(List.of(), lost, "every refusal reached the client");
        assertEquals(List.of(), notProblems, "each a 414 uri-too-long problem");
    }

    @Test
    void aRefusedClientThatGoesOnSendingIsCutOffWithinTheLinger() throws Exception {
        try (Socket socket = RawHttp.connect("127.0.0.85", door.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(ascii(head("PUT", "/v1/admin/agreements/" + "x".repeat(5_000), 100_000_000, JSON)));
            RawHttp.assertProblem(RawHttp.readAnswer(socket.getInputStream()), 414, "uri-too-long");
            long answered = System.nanoTime();
            byte[] piece = new byte[1_024];
            boolean cutOff = false;
            while (!cutOff && System.nanoTime() - answered < TimeUnit.MILLISECONDS.toNanos(2 * CUT_OFF_WITHIN_MS)) {
                try {
                    out.write(piece);
                    out.flush();
                    Thread.sleep(20); // the client's pace: a slow upload, well under the byte budget within the linger
                } catch (IOException reset) {
                    cutOff = true;
                }
            }
            long afterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
            assertTrue(cutOff && afterMs < CUT_OFF_WITHIN_MS, "cut off " + afterMs + " ms after the answer (" + cutOff + ")");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    /**
     * Sends {@code head}, waits for the answer to arrive, then sends {@code bodyBytes} in two pieces
     * at the client's pace, reads the answer and the end of the hub's side (a client reading until
     * the end of the answer needs it), then ends its own: a reset anywhere fails the test.
     */
    private static String answeredWhileSending(String from, String head, int bodyBytes) throws Exception {
        try (Socket socket = RawHttp.connect(from, door.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(ascii(head));
            out.flush();
            await("the answer, before any of the body").atMost(Duration.ofSeconds(20)).until(() -> in.available() > 0);
            byte[] piece = new byte[bodyBytes / 2];
            Arrays.fill(piece, (byte) 'b');
            for (int i = 0; i < 2; i++) {
                out.write(piece);
                out.flush();
                Thread.sleep(PACE_MS); // the client's pace, so that a reset of a closed connection is back before its next write
            }
            String answer = RawHttp.readAnswer(in);
            assertEquals(-1, in.read(), "after its answer the hub ends its side, without a reset");
            socket.shutdownOutput();
            return answer;
        }
    }

    private static String head(String method, String path, int contentLength, String moreHeaders) {
        return method + " " + path + " HTTP/1.1\r\nHost: hub\r\n" + moreHeaders
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }
}
