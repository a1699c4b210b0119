package org.kith.hub.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.testing.ClinicHub.accepted;
import static org.kith.hub.testing.ClinicHub.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.Jwks;
import org.kith.hub.crypto.JwsVerification;
import org.kith.hub.crypto.KeyDirectory;
import org.kith.hub.crypto.Verifier;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.edge.JwksRoute;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.ClinicHub;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.testing.KafkaProbe;
import org.kith.hub.topics.TopicReader;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.KithHeaders;

/**
 * One referral end to end on a real broker: an agency POSTs to the REST ingress, signed with its
 * registered key, the enforcement core decides, the webhook egress delivers to a real HTTP server,
 * signed by the hub. Unsigned, forged, wrong-key, stale and replayed submissions are refused at the
 * door and recorded in the ledger. Each subclass supplies a broker. Families and event ids are
 * distinct per test, so the tests share one hub without seeing each other's outcomes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReferralFlowScenarios {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    private static final String CLINIC = AgencyAndClinic.CLINIC;
    private static final String AGENCY_TOKEN = "agency-token-for-tests-only";

    private ClinicHub running;
    private PartnerWebhookServer clinic;
    private Hub hub;
    private AgencySystem agency;
    private Path dataDir;

    abstract KafkaBrokers.Kind brokerKind();

    @BeforeAll
    void startHub(@TempDir Path dir) throws IOException {
        running = ClinicHub.start(dir, AGENCY_TOKEN, brokerKind(), getClass().getSimpleName(), Map.of());
        clinic = running.clinic();
        hub = running.hub();
        agency = running.agency();
        dataDir = dir.resolve("data");
    }

    @AfterAll
    void stopHub() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void aConsentedReferralIsDeliveredByWebhookWithItsIdempotencyKey() throws Exception {
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

        JsonNode receipt = await().atMost(DEADLINE).until(() -> TopicReader.readAll(hub.bootstrapServers(),
                        hub.topics().ledger()).stream().map(r -> json(r.value()))
                .filter(n -> n.path("kind").asText().equals("delivery")
                        && messageId.equals(n.at("/body/messageId").asText())).findFirst(), Optional::isPresent).get();
        assertEquals(delivery.decisionId(), receipt.at("/body/decisionId").asText(), "the delivery receipt is in the ledger");
        assertEquals(CLINIC, receipt.at("/body/recipient").asText());
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(delivery.bytes())), receipt.at("/body/bodySha256").asText(),
                "the receipt names the exact bytes delivered");
    }

    @Test
    void aPartnerThatIsDownIsRetriedUntilItTakesTheCopyAndTheOperatorsSeeEachAttempt() {
        accepted(agency.publish(DemoMessages.profile(AGENCY, "F-110")));
        accepted(agency.publish(DemoMessages.consent(AGENCY, "F-110", "D-110", CLINIC)));
        clinic.failNext(2);
        String messageId = accepted(agency.publish(DemoMessages.referral(AGENCY, "F-110", "R-110", CLINIC)));

        await().atMost(DEADLINE).until(() -> deliveryOf(messageId), Optional::isPresent);
        // the partner has the copy before the hub has its answer: the delivery is counted only then
        await().atMost(DEADLINE).untilAsserted(() -> {
            String metrics = hub.metrics().scrape();
            assertTrue(counter(metrics, "kith_webhook_failures_total{partner=\"" + CLINIC + "\"}") >= 2, metrics);
            assertTrue(counter(metrics, "kith_webhook_retries_total{partner=\"" + CLINIC + "\"}") >= 2, metrics);
            assertTrue(counter(metrics, "kith_webhook_deliveries_total{partner=\"" + CLINIC + "\"}") >= 1, metrics);
        });
    }

    /** A counter's value in the Prometheus text, or 0 if it is not there. */
    private static double counter(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim())).orElse(0.0);
    }

    @Test
    void deliveriesCarryTheHubsSignatureWhichFailsIfOneByteChanges() throws Exception {
        accepted(agency.publish(DemoMessages.profile(AGENCY, "F-110")));
        accepted(agency.publish(DemoMessages.consent(AGENCY, "F-110", "D-110", CLINIC)));
        String messageId = accepted(agency.publish(DemoMessages.referral(AGENCY, "F-110", "R-110", CLINIC)));
        var delivery = await().atMost(DEADLINE).until(() -> deliveryOf(messageId), Optional::isPresent).get();

        HttpResponse<String> jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.httpPort() + JwksRoute.PATH)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, jwks.statusCode());
        assertEquals("application/jwk-set+json", jwks.headers().firstValue("Content-Type").orElse(""));
        assertEquals(Jwks.write(KeyDirectory.in(dataDir).publicKeys()), jwks.body(), "the hub's keys, public and unauthenticated");
        Verifier hubKeys = Verifier.fromJwks(jwks.body());
        String activeKid = KeyDirectory.in(dataDir).publicKeys().all().iterator().next().kid();

        assertEquals(activeKid, ((JwsVerification.Valid) delivery.verify(hubKeys)).kid());
        byte[] altered = delivery.bytes().clone();
        altered[altered.length / 2] ^= 1;
        assertEquals(new JwsVerification.Invalid(JwsVerification.Reason.BAD_SIGNATURE),
                hubKeys.verifyStructured(delivery.header(KithHeaders.HTTP_SIGNATURE).orElseThrow(), altered));

        var copy = TopicReader.readAll(hub.bootstrapServers(), hub.topics().outbound(CLINIC)).stream()
                .filter(r -> messageId.equals(text(r.headers().lastHeader("ce_id")))).findFirst().orElseThrow();
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        copy.headers().forEach(h -> headers.put(h.key(), text(h)));
        byte[] value = copy.value().getBytes(StandardCharsets.UTF_8);
        assertTrue(hubKeys.verifyKafkaRecord(headers, value).isValid(), "the Kafka copy is signed over its ce_ headers and value");
        headers.put("ce_recipients", "lincoln-elementary");
        assertEquals(new JwsVerification.Invalid(JwsVerification.Reason.BAD_SIGNATURE), hubKeys.verifyKafkaRecord(headers, value),
                "a ce_ header is covered");
    }

    @Test
    void anUnsignedMessageIsRefusedWith403AndRecordedInTheLedger() {
        String message = DemoMessages.referral(AGENCY, "F-810", "R-810", CLINIC);
        refusedAndRecorded(agency.send(CloudEventCodec.STRUCTURED_JSON, Map.of(), message), 403, "unsigned", message);
    }

    @Test
    void aForgedMessageIsRefusedWith403AndRecordedInTheLedger() {
        String signed = DemoMessages.referral(AGENCY, "F-820", "R-820", CLINIC);
        String signature = agency.signature(CloudEventCodec.STRUCTURED_JSON, Map.of(), utf8(signed));
        String forged = signed.replace("routine", "urgent");
        refusedAndRecorded(agency.send(CloudEventCodec.STRUCTURED_JSON, Map.of(KithHeaders.HTTP_SIGNATURE, signature), forged),
                403, "bad-signature", forged);
    }

    @Test
    void aBinaryModeMessageWhoseCeHeaderWasChangedIsRefused() {
        JsonNode structured = json(DemoMessages.referral(AGENCY, "F-830", "R-830", CLINIC));
        Map<String, String> headers = ceHeaders(structured);
        String data = structured.get("data").toString();
        String signature = agency.signature(CloudEventCodec.JSON, headers, utf8(data));
        headers.put("ce-recipients", "lincoln-elementary");
        headers.put(KithHeaders.HTTP_SIGNATURE, signature);
        HttpResponse<String> response = agency.send(CloudEventCodec.JSON, headers, data);
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("bad-signature", json(response.body()).get("reason").asText());
        assertEquals(structured.get("id").asText(), refusalOf(structured.get("id").asText()).get("partnerEventId").asText(),
                "in binary mode the id is the ce-id header");
    }

    @Test
    void aMessageSignedWithAKeyTheAgencyNeverRegisteredIsRefused() {
        var impostor = new AgencySystem(hub.httpPort(), AGENCY_TOKEN, AgencyAndClinic.keyOf("someone-else"), Clock.systemUTC());
        String message = DemoMessages.referral(AGENCY, "F-840", "R-840", CLINIC);
        refusedAndRecorded(impostor.publish(message), 403, "unknown-key", message);
    }

    @Test
    void aSignatureDatedOutsideTheReplayWindowIsRefusedWith400() {
        String message = DemoMessages.referral(AGENCY, "F-850", "R-850", CLINIC);
        String stale = DetachedJws.sign(AgencyAndClinic.AGENCY_KEY, Instant.now().minus(Duration.ofHours(1)), utf8(message));
        refusedAndRecorded(agency.send(CloudEventCodec.STRUCTURED_JSON, Map.of(KithHeaders.HTTP_SIGNATURE, stale), message),
                400, "stale-timestamp", message);
    }

    @Test
    void aReplayIsRefusedWith409AndRecordedTheSameMessageAgainIsAnsweredWithItsIdAndTheFirstCopyStands() {
        String message = DemoMessages.referral(AGENCY, "F-860", "R-860", CLINIC);
        String signature = agency.signature(CloudEventCodec.STRUCTURED_JSON, Map.of(), utf8(message));
        Map<String, String> signed = Map.of(KithHeaders.HTTP_SIGNATURE, signature);
        String messageId = accepted(agency.send(CloudEventCodec.STRUCTURED_JSON, signed, message));

        assertEquals(messageId, accepted(agency.send(CloudEventCodec.STRUCTURED_JSON, signed, message)),
                "the same bytes again: answered as the first time");
        assertEquals(messageId, accepted(agency.publish(message)), "and signed again");
        String other = message.replace("routine", "urgent");
        refusedAndRecorded(agency.publish(other), 409, "replayed", other);
        assertEquals("withheld", await().atMost(DEADLINE).until(() -> statusOf(messageId), Optional::isPresent).get()
                .get("outcome").asText(), "the first copy was decided as usual");
        assertEquals(1, TopicReader.readAll(hub.bootstrapServers(), hub.topics().inbound()).stream()
                .filter(r -> messageId.equals(header(r, "ce_id"))).count(), "stored once");
    }

    @Test
    void anIdRefusedAsInvalidMayBeUsedAgainOnceCorrected() {
        String valid = DemoMessages.referral(AGENCY, "F-870", "R-870", CLINIC);
        assertEquals(400, agency.publish(valid.replace("mental-health", "astrology")).statusCode());
        accepted(agency.publish(valid));
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
        String messageId = accepted(agency.publishBinary(ceHeaders(structured), structured.get("data").toString()));

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
        HttpResponse<String> response = AgencyAndClinic.agency(hub.httpPort(), "not-a-token")
                .publish(DemoMessages.referral(AGENCY, "F-500", "R-500", CLINIC));
        assertEquals(401, response.statusCode());
        assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("urn:kith:problem:unauthenticated", json(response.body()).get("type").asText());
    }

    /**
     * The refusal a sender sees (status, problem with the reason code) and the one the ledger keeps:
     * a refusal record with the sender, its event id, the reason and the SHA-256 of the refused
     * body, written through a notice on the inbound topic that is no message.
     */
    private void refusedAndRecorded(HttpResponse<String> response, int status, String reason, String body) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = json(response.body());
        assertEquals(reason, problem.get("reason").asText());
        assertEquals("urn:kith:problem:" + reason, problem.get("type").asText());

        String eventId = json(body).get("id").asText();
        JsonNode refusal = refusalOf(eventId);
        assertEquals(AGENCY, refusal.get("sender").asText());
        assertEquals(reason, refusal.get("reason").asText());
        assertEquals(Digests.hex(Digests.sha256(utf8(body))), refusal.get("bodySha256").asText());
        assertTrue(TopicReader.readAll(hub.bootstrapServers(), hub.topics().inbound()).stream()
                .filter(r -> r.headers().lastHeader(KithHeaders.REFUSAL) != null && r.value().contains(eventId))
                .allMatch(r -> AGENCY.equals(r.key()) && r.headers().lastHeader("ce_id") == null),
                "the notice is keyed by the sender and is no CloudEvent");
    }

    /** The body of the ledger's refusal record naming this partner event id, once the core has written it. */
    private JsonNode refusalOf(String partnerEventId) {
        return await().atMost(DEADLINE).until(() -> TopicReader.readValues(hub.bootstrapServers(), hub.topics().ledger())
                .stream().map(ClinicHub::json)
                .filter(n -> n.path("kind").asText().equals(LedgerEvent.Refusal.KIND))
                .map(n -> n.path("body"))
                .filter(n -> partnerEventId.equals(n.path("partnerEventId").asText()))
                .findFirst(), Optional::isPresent).get();
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A structured CloudEvent's attributes as binary-mode {@code ce-} headers. */
    private static Map<String, String> ceHeaders(JsonNode structured) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        structured.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("data") && !f.getKey().equals("datacontenttype")) {
                headers.put("ce-" + f.getKey(), f.getValue().asText());
            }
        });
        return headers;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(org.apache.kafka.common.header.Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
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

}
