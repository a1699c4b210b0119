package org.kith.hub.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.testing.KafkaProbe;
import org.kith.hub.topics.TopicReader;
import org.kith.schemas.Json;

/**
 * One referral end to end on a real broker: an agency POSTs to the REST ingress, the enforcement
 * core decides, the webhook egress delivers to a real HTTP server. Each subclass supplies a broker.
 * Families are distinct per test, so the tests share one hub without seeing each other's outcomes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReferralFlowScenarios {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    private static final String CLINIC = AgencyAndClinic.CLINIC;
    private static final String AGENCY_TOKEN = "agency-token-for-tests-only";

    private PartnerWebhookServer clinic;
    private Hub hub;
    private AgencySystem agency;

    abstract KafkaBrokers.Kind brokerKind();

    @BeforeAll
    void startHub(@TempDir Path dir) throws IOException {
        clinic = PartnerWebhookServer.start("/kith");
        Map<String, String> settings = AgencyAndClinic.write(dir, AGENCY_TOKEN, clinic.url("/kith"));
        settings.putAll(Map.of(
                HubOption.BOOTSTRAP_SERVERS.key(), KafkaBrokers.bootstrapServers(brokerKind()),
                HubOption.TOPIC_PREFIX.key(), KafkaBrokers.uniquePrefix(getClass().getSimpleName()),
                HubOption.TOPIC_PARTITIONS.key(), "3",
                HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                HubOption.HTTP_PORT.key(), "0"));
        HubConfig config = HubConfig.from(settings, Map.of(), Map.of());
        hub = Hub.start(config, Clock.systemUTC());
        agency = new AgencySystem(hub.httpPort(), AGENCY_TOKEN);
    }

    @AfterAll
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
        if (clinic != null) {
            clinic.close();
        }
    }

    @Test
    void aConsentedReferralIsDeliveredByWebhookWithItsIdempotencyKey() {
        accepted(agency.publish(DemoMessages.profile(AGENCY, "F-100")));
        accepted(agency.publish(DemoMessages.consent(AGENCY, "F-100", "D-100", CLINIC)));
        String messageId = accepted(agency.publish(DemoMessages.referral(AGENCY, "F-100", "R-100", CLINIC)));

        var delivery = await().atMost(DEADLINE).until(() -> deliveryOf(messageId), Optional::isPresent).get();
        assertEquals("application/cloudevents+json", delivery.contentType());
        JsonNode body = json(delivery.body());
        assertEquals(messageId, body.get("id").asText());
        assertEquals(AGENCY, body.get("source").asText(), "the sender comes from the credential");
        assertEquals("R-100", body.at("/data/referralId").asText());
        assertEquals(CLINIC, body.get("recipients").asText(), "the copy names only its own recipient");
        assertEquals("referral", body.get("purpose").asText());
        assertNotNull(delivery.decisionId());
        assertFalse(delivery.headers().containsKey("Authorization"), "no agency header crosses the hub");

        JsonNode notice = await().atMost(DEADLINE).until(() -> statusOf(messageId), Optional::isPresent).get();
        assertEquals("forwarded", notice.get("outcome").asText());
        assertEquals(delivery.decisionId(), notice.get("decisionId").asText());
    }

    @Test
    void aReferralWithoutConsentIsWithheldAndTheSenderIsToldWhyWithoutTheData() {
        String messageId = accepted(agency.publish(DemoMessages.referral(AGENCY, "F-200", "R-200", CLINIC)));

        JsonNode notice = await().atMost(DEADLINE).until(() -> statusOf(messageId), Optional::isPresent).get();
        assertEquals("withheld", notice.get("outcome").asText());
        assertEquals("no-consent", notice.get("reason").asText());
        assertEquals(CLINIC, notice.get("recipient").asText());
        assertEquals(Set.of("messageId", "recipient", "outcome", "reason", "decisionId", "withheld", "at"), fieldNames(notice),
                "the notice carries ids and codes only");
        // The notice and any copy are written in one transaction: once the notice is visible, a copy would be too.
        assertTrue(TopicReader.readAll(hub.bootstrapServers(), hub.topics().outbound(CLINIC)).stream()
                .noneMatch(r -> r.value().contains(messageId)), "nothing for the clinic on its topic");
        assertTrue(clinic.deliveries().stream().noneMatch(d -> messageId.equals(d.idempotencyKey())));

        JsonNode decision = ledgerEntryOf(messageId);
        assertEquals("deny", decision.get("outcome").asText());
        assertEquals("no-consent", decision.at("/reasons/0").asText());
    }

    @Test
    void aRevokedConsentStopsLaterReferrals() {
        accepted(agency.publish(DemoMessages.profile(AGENCY, "F-300")));
        accepted(agency.publish(DemoMessages.consent(AGENCY, "F-300", "D-300", CLINIC)));
        String before = accepted(agency.publish(DemoMessages.referral(AGENCY, "F-300", "R-301", CLINIC)));
        accepted(agency.publish(DemoMessages.revocation(AGENCY, "F-300", "D-300")));
        String after = accepted(agency.publish(DemoMessages.referral(AGENCY, "F-300", "R-302", CLINIC)));

        assertEquals("forwarded", await().atMost(DEADLINE).until(() -> statusOf(before), Optional::isPresent).get()
                .get("outcome").asText());
        assertEquals("withheld", await().atMost(DEADLINE).until(() -> statusOf(after), Optional::isPresent).get()
                .get("outcome").asText());
    }

    @Test
    void malformedJsonIsRefusedWith400AndNothingReachesKafka() {
        long before = KafkaProbe.recordCount(hub.bootstrapServers(), hub.topics().inbound());
        HttpResponse<String> response = agency.publish("{\"specversion\": \"1.0\", \"familyid\": ");

        assertEquals(400, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = json(response.body());
        assertEquals("urn:kith:problem:invalid-message", problem.get("type").asText());
        assertTrue(problem.at("/violations/0/message").asText().startsWith("not well-formed JSON"));
        assertEquals(before, KafkaProbe.recordCount(hub.bootstrapServers(), hub.topics().inbound()), "the ingress answers only after Kafka, so nothing was written");
    }

    @Test
    void aSchemaInvalidReferralListsEveryViolation() {
        long before = KafkaProbe.recordCount(hub.bootstrapServers(), hub.topics().inbound());
        String invalid = DemoMessages.referral(AGENCY, "F-400", "R-400", CLINIC)
                .replace("mental-health", "astrology").replace("2016-05-14", "someday");
        HttpResponse<String> response = agency.publish(invalid);

        assertEquals(400, response.statusCode());
        var pointers = json(response.body()).get("violations").findValuesAsText("pointer");
        assertEquals(Set.of("/data/serviceType", "/data/persons/0/birthDate"), Set.copyOf(pointers));
        assertEquals(before, KafkaProbe.recordCount(hub.bootstrapServers(), hub.topics().inbound()));
    }

    @Test
    void aBinaryModeCloudEventIsAcceptedLikeAStructuredOne() throws IOException {
        JsonNode structured = json(DemoMessages.referral(AGENCY, "F-600", "R-600", CLINIC));
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        structured.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("data") && !f.getKey().equals("datacontenttype")) {
                headers.put("ce-" + f.getKey(), f.getValue().asText());
            }
        });
        String messageId = accepted(agency.publishBinary(headers, structured.get("data").toString()));

        JsonNode notice = await().atMost(DEADLINE).until(() -> statusOf(messageId), Optional::isPresent).get();
        assertEquals("withheld", notice.get("outcome").asText(), "decided like any referral (no consent for F-600)");
    }

    @Test
    void aSourceOtherThanTheCredentialsPartnerIsRefusedWith403() {
        long before = KafkaProbe.recordCount(hub.bootstrapServers(), hub.topics().inbound());
        HttpResponse<String> response = agency.publish(DemoMessages.referral(CLINIC, "F-700", "R-700", CLINIC));
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("urn:kith:problem:source-mismatch", json(response.body()).get("type").asText());
        assertEquals(before, KafkaProbe.recordCount(hub.bootstrapServers(), hub.topics().inbound()));
    }

    @Test
    void plainJsonWithoutCloudEventsAttributesOrAnotherMediaTypeIsRefused() {
        assertEquals(400, agency.post("application/json", Map.of(), "{\"referralId\": \"R-1\"}").statusCode());
        assertEquals(415, agency.post("text/plain", Map.of(), "hello").statusCode());
    }

    @Test
    void anUnknownTokenIsRefusedWith401() {
        HttpResponse<String> response = new AgencySystem(hub.httpPort(), "not-a-token")
                .publish(DemoMessages.referral(AGENCY, "F-500", "R-500", CLINIC));
        assertEquals(401, response.statusCode());
        assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("urn:kith:problem:unauthenticated", json(response.body()).get("type").asText());
    }

    private static String accepted(HttpResponse<String> response) {
        assertEquals(202, response.statusCode(), response.body());
        return json(response.body()).get("messageId").asText();
    }

    private Optional<PartnerWebhookServer.Delivery> deliveryOf(String messageId) {
        return clinic.deliveries().stream().filter(d -> messageId.equals(d.idempotencyKey())).findFirst();
    }

    private Optional<JsonNode> statusOf(String messageId) {
        return TopicReader.readAll(hub.bootstrapServers(), hub.topics().status(AGENCY)).stream()
                .map(r -> json(r.value()))
                .filter(n -> messageId.equals(n.path("messageId").asText()))
                .findFirst();
    }

    private JsonNode ledgerEntryOf(String messageId) {
        return TopicReader.readAll(hub.bootstrapServers(), hub.topics().ledger()).stream()
                .map(r -> json(r.value()).path("body"))
                .filter(n -> messageId.equals(n.path("messageId").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no ledger entry for " + messageId));
    }

    private static Set<String> fieldNames(JsonNode node) {
        return java.util.stream.StreamSupport.stream(
                java.util.Spliterators.spliteratorUnknownSize(node.fieldNames(), 0), false).collect(Collectors.toSet());
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
