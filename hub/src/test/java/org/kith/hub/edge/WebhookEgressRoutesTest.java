package org.kith.hub.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kith.connectors.webhook.DeliveryEvents;
import org.kith.connectors.webhook.DeliveryException;
import org.kith.connectors.webhook.WebhookEgressRoutes;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.schemas.Json;

/**
 * The webhook egress route without a broker: {@code direct:} endpoints stand for the partner's
 * outbound topic, the inbound topic and the partner's dead letters; a real HTTP server on localhost
 * stands for the partner. A failed exchange is a record the Kafka consumer would not commit.
 */
class WebhookEgressRoutesTest {

    private static final String PARTNER = "riverside-clinic";
    private static final Duration OPEN_WAIT = Duration.ofMillis(800);

    private final PartnerWebhookServer partner = PartnerWebhookServer.start("/kith");
    private final List<JsonNode> inbound = new CopyOnWriteArrayList<>();
    private final List<JsonNode> deadLetters = new CopyOnWriteArrayList<>();
    private final List<DeliveryEvents.Breaker> breaker = new CopyOnWriteArrayList<>();
    private CamelContext camel;
    private ProducerTemplate outbound;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.getComponent("http", HttpComponent.class).setAutomaticRetriesDisabled(true);
        var uris = new WebhookEgressRoutes.Uris("direct:outbound",
                new Endpoints(null, null).webhook(URI.create(partner.url("/kith"))), "direct:inbound", "direct:deadletter");
        camel.addRoutes(new WebhookEgressRoutes(PARTNER, uris,
                new WebhookEgressRoutes.Retry(2, Duration.ofMillis(10), Duration.ofMillis(40)),
                new WebhookEgressRoutes.Breaker(4, 4, 75, OPEN_WAIT), body -> "eyJraWQiOiJodWIifQ..sig",
                new RecordingEvents(), Clock.systemUTC()));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:inbound").routeId("test-inbound").process(e -> inbound.add(json(e)));
                from("direct:deadletter").routeId("test-deadletter").process(e -> deadLetters.add(json(e)));
            }
        });
        camel.start();
        outbound = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        partner.close();
    }

    @Test
    void aConnectionFailureTimeout5xx408Or429IsRetriableAnyOtherRefusalIsPermanent() {
        for (int status : new int[] {500, 502, 503, 504, 408, 429}) {
            assertInstanceOf(DeliveryException.Retriable.class, DeliveryException.of(http(status)), "HTTP " + status);
        }
        for (int status : new int[] {400, 401, 403, 404, 409, 410, 422}) {
            var refusal = assertInstanceOf(DeliveryException.Permanent.class, DeliveryException.of(http(status)));
            assertEquals(status, refusal.status());
            assertEquals("http-" + status, refusal.reason());
        }
        assertEquals("connect", DeliveryException.of(new ConnectException("refused")).reason());
        assertEquals("timeout", DeliveryException.of(new SocketTimeoutException("read timed out")).reason());
        assertInstanceOf(DeliveryException.Retriable.class, DeliveryException.of(new IOException("reset")));
    }

    @Test
    void aRetriableFailureIsRetriedWithTheSameIdempotencyKeyThenDelivered() {
        partner.failNext(2);
        Exchange sent = send("m-1", "F-1", "R-1");

        assertFalse(sent.isFailed());
        assertEquals(3, partner.requests());
        assertEquals("m-1", partner.deliveries().get(0).idempotencyKey());
        assertEquals(1, inbound.size());
        assertEquals("m-1", inbound.get(0).get("messageId").asText());
        assertFalse(inbound.get(0).has("failure"), "a receipt, not a failure");
    }

    @Test
    void theBreakerOpensStopsCallingThePartnerAndAProbeClosesItWhenThePartnerIsBack() {
        partner.failNext(Integer.MAX_VALUE);
        assertTrue(send("m-1", "F-1", "R-1").isFailed(), "three attempts, then the record waits");
        assertEquals(3, partner.requests());
        assertTrue(send("m-1", "F-1", "R-1").isFailed(), "the fourth failure opens the breaker");
        assertEquals(4, partner.requests(), "the retries after it did not reach the partner");
        assertEquals(DeliveryEvents.Breaker.OPEN, breaker.get(breaker.size() - 1));

        assertTrue(send("m-1", "F-1", "R-1").isFailed());
        assertEquals(4, partner.requests(), "while open, the partner is not called at all");
        assertTrue(inbound.isEmpty() && deadLetters.isEmpty(), "no receipt and no dead letter: the record waits");

        partner.failNext(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !send("m-1", "F-1", "R-1").isFailed());
        assertEquals(List.of("m-1"), partner.deliveries().stream().map(PartnerWebhookServer.Delivery::idempotencyKey).toList());
        assertEquals(List.of(DeliveryEvents.Breaker.CLOSED, DeliveryEvents.Breaker.OPEN, DeliveryEvents.Breaker.HALF_OPEN,
                DeliveryEvents.Breaker.CLOSED), breaker, "the probe closed it");
        assertEquals(1, inbound.size());
    }

    @Test
    void aPermanentRefusalGoesToThePartnersDeadLettersWithAFailureNoticeAndTheNextCopyFlows() {
        partner.refuse("R-422", 422);
        Exchange refused = send("m-422", "F-2", "R-422");

        assertFalse(refused.isFailed(), "handled: the consumer moves on");
        assertEquals(1, partner.requests(), "a permanent refusal is not retried");
        assertEquals(1, deadLetters.size());
        JsonNode letter = deadLetters.get(0);
        assertEquals("refused-by-partner", letter.get("reason").asText());
        assertEquals(PARTNER, letter.get("partner").asText());
        assertEquals(422, letter.get("status").asInt());
        assertEquals("m-422", letter.get("messageId").asText());
        assertEquals("F-2", letter.get("key").asText());
        assertTrue(letter.get("value").asText().contains("R-422"), "the copy as it was sent, to fix and resend");
        assertEquals(1, inbound.size());
        assertEquals("http-422", inbound.get(0).get("failure").asText());
        assertEquals("m-422", inbound.get(0).get("messageId").asText());

        assertFalse(send("m-423", "F-2", "R-423").isFailed());
        assertEquals(List.of("m-423"), partner.deliveries().stream().map(PartnerWebhookServer.Delivery::idempotencyKey).toList());
        assertNull(inbound.get(1).get("failure"));
        assertEquals(List.of(DeliveryEvents.Breaker.CLOSED), breaker, "a refusal says the partner is up");
    }

    /** One outbound record as the core writes it (CloudEvents Kafka binding). */
    private Exchange send(String messageId, String familyId, String referralId) {
        return outbound.send("direct:outbound", exchange -> {
            var message = exchange.getMessage();
            message.setHeaders(Map.of("ce_id", messageId, "ce_specversion", "1.0", "ce_type", "org.kith.referral",
                    "ce_source", "county-cws", "ce_familyid", familyId, "ce_recipients", PARTNER,
                    "content-type", "application/json", "kith-decision-id", "d-" + messageId));
            message.setBody(("{\"referralId\":\"" + referralId + "\"}").getBytes(StandardCharsets.UTF_8));
        });
    }

    private static HttpOperationFailedException http(int status) {
        return new HttpOperationFailedException("http://partner/kith", status, "status", null, Map.of(), "");
    }

    private static JsonNode json(Exchange exchange) throws IOException {
        return Json.mapper().readTree(exchange.getMessage().getBody(byte[].class));
    }

    /** Records the breaker's states; the other events do not matter here. */
    private final class RecordingEvents implements DeliveryEvents {
        @Override
        public void breaker(String partnerId, Breaker state) {
            breaker.add(state);
        }
    }
}
