package org.kith.hub.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.rules.ConfigPublisher;
import org.kith.hub.topics.Topics;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;

/** The enforcement core without a broker: every outcome of one inbound record. */
class EnforcementTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String AGENCY = "county-cw";
    private static final String CLINIC = "riverside-clinic";
    private final Topics topics = new Topics("", 1, (short) 1);
    private final SubmissionValidator validator = new SubmissionValidator();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> inbound;
    private TestInputTopic<String, byte[]> config;
    private int messages;

    @BeforeEach
    void start() {
        var partners = new PartnerRegistry(List.of(
                new Partner(AGENCY, PartnerKind.CHILD_WELFARE, "County", null, Optional.empty()),
                new Partner(CLINIC, PartnerKind.MENTAL_HEALTH, "Clinic", null,
                        Optional.of(URI.create("http://127.0.0.1:1/kith")))));
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enforcement-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(EnforcementTopology.build(topics, partners, validator,
                Clock.fixed(NOW, ZoneOffset.UTC)), props);
        inbound = driver.createInputTopic(topics.inbound(), new StringSerializer(), new ByteArraySerializer());
        config = driver.createInputTopic(topics.config(), new StringSerializer(), new ByteArraySerializer());
        configure(DemoMessages.partnership(AGENCY, CLINIC));
    }

    private void configure(String partnershipJson) {
        ConfigPublisher.entries(json(partnershipJson)).forEach((key, value) -> config.pipeInput(key, value));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** What the REST ingress writes for a structured CloudEvent: ce_ headers, the data, the family id as key. */
    private Envelope pipe(String key, String cloudEvent) {
        var valid = (ValidationResult.Valid) validator.validate(cloudEvent.getBytes(StandardCharsets.UTF_8));
        Envelope envelope = Envelope.accepted("m-" + (++messages), OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC),
                valid.submission());
        var headers = new RecordHeaders();
        CloudEventCodec.headers(envelope, CloudEventCodec.Binding.KAFKA)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        inbound.pipeInput(new TestRecord<>(key, CloudEventCodec.dataBytes(envelope), headers, NOW));
        return envelope;
    }

    private Envelope pipe(String cloudEvent) {
        return pipe(json(cloudEvent).get("familyid").asText(), cloudEvent);
    }

    @Test
    void aPermittedReferralIsCopiedToTheRecipientInTheCloudEventsBindingWithTheHubsHeadersOnly() {
        pipe(DemoMessages.consent(AGENCY, "F-1", "D-1", CLINIC));
        Envelope referral = pipe(DemoMessages.referral(AGENCY, "F-1", "R-1", CLINIC));

        TestRecord<String, byte[]> copy = output(topics.outbound(CLINIC)).readRecord();
        assertEquals("F-1", copy.key());
        assertEquals(referral.id(), header(copy, "ce_id"));
        assertEquals("org.kith.referral.v1", header(copy, "ce_type"));
        assertEquals(CLINIC, header(copy, "ce_recipients"));
        assertEquals("D-1,MOU-county-cw-riverside-clinic", header(copy, KithHeaders.BASIS));
        assertTrue(java.util.stream.StreamSupport.stream(copy.headers().spliterator(), false)
                .allMatch(h -> h.key().startsWith("ce_") || h.key().startsWith("kith-") || h.key().equals("content-type")));
        assertEquals("R-1", json(copy.value()).get("referralId").asText());

        List<JsonNode> ledger = output(topics.ledger()).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals(List.of("consent-recorded", "decision"), ledger.stream().map(n -> n.get("kind").asText()).toList());
        assertEquals("permit", ledger.get(1).get("outcome").asText());
        assertEquals(header(copy, KithHeaders.DECISION_ID), ledger.get(1).get("id").asText());
    }

    @Test
    void withoutConsentNothingIsCopiedAndTheSenderLearnsTheReason() {
        pipe(DemoMessages.referral(AGENCY, "F-2", "R-2", CLINIC));

        assertTrue(output(topics.outbound(CLINIC)).isEmpty());
        JsonNode notice = json(output(topics.status(AGENCY)).readValue());
        assertEquals("withheld", notice.get("outcome").asText());
        assertEquals("no-consent", notice.get("reason").asText());
        assertEquals("deny", json(output(topics.ledger()).readValue()).get("outcome").asText());
    }

    @Test
    void aDirectiveThatDoesNotCoverEveryCarriedCategoryDoesNotPermit() {
        pipe(DemoMessages.consent(AGENCY, "F-3", "D-3", CLINIC).replace("\"identity\"", "\"education\""));
        pipe(DemoMessages.referral(AGENCY, "F-3", "R-3", CLINIC));

        assertTrue(output(topics.outbound(CLINIC)).isEmpty(), "the referral carries identity data the family did not release");
    }

    @Test
    void eachRecipientIsDecidedAlone() {
        pipe(DemoMessages.consent(AGENCY, "F-4", "D-4", CLINIC));
        pipe(DemoMessages.referral(AGENCY, "F-4", "R-4", CLINIC + ",nobody-registered"));

        assertEquals(1, output(topics.outbound(CLINIC)).getQueueSize());
        var notices = output(topics.status(AGENCY)).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals(List.of("recorded", "forwarded", "withheld"), notices.stream().map(n -> n.get("outcome").asText()).toList());
        assertEquals("unknown-recipient", notices.get(2).get("reason").asText());
    }

    @Test
    void aRevocationStopsTheNextMessageOfTheFamily() {
        pipe(DemoMessages.consent(AGENCY, "F-5", "D-5", CLINIC));
        pipe(DemoMessages.revocation(AGENCY, "F-5", "D-5"));
        pipe(DemoMessages.referral(AGENCY, "F-5", "R-5", CLINIC));

        assertTrue(output(topics.outbound(CLINIC)).isEmpty());
    }

    @Test
    void onlyAChildWelfareAgencyRecordsConsent() {
        pipe(DemoMessages.consent(CLINIC, "F-6", "D-6", CLINIC));
        pipe(DemoMessages.referral(AGENCY, "F-6", "R-6", CLINIC));

        assertEquals("not-authorised", json(output(topics.deadLetter()).readValue()).get("reason").asText());
        assertTrue(output(topics.outbound(CLINIC)).isEmpty(), "the clinic could not grant itself consent");
    }

    @Test
    void poisonRecordsBecomeDeadLettersAndTheGoodOnesStillFlow() {
        inbound.pipeInput("F-7", "this is not a CloudEvent".getBytes(StandardCharsets.UTF_8));
        Envelope beforeConsent = pipe(DemoMessages.referral(AGENCY, "F-7", "R-7", CLINIC));
        pipe("F-other", DemoMessages.referral(AGENCY, "F-7", "R-8", CLINIC));
        pipe(DemoMessages.referral(AGENCY, "F-7", "R-9", CLINIC).replace("\"source\": \"county-cw\"", "\"source\": \"impostor\""));
        pipe(DemoMessages.consent(AGENCY, "F-7", "D-7", CLINIC));
        Envelope good = pipe(DemoMessages.referral(AGENCY, "F-7", "R-10", CLINIC));

        List<JsonNode> letters = output(topics.deadLetter()).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals(List.of("unparseable", "key-mismatch", "unknown-sender"),
                letters.stream().map(n -> n.get("reason").asText()).toList());
        assertEquals(List.of(0L, 2L, 3L), letters.stream().map(n -> n.get("sourceOffset").asLong()).toList());
        assertEquals(topics.inbound(), letters.get(0).get("sourceTopic").asText());
        assertEquals("county-cw", letters.get(1).at("/headers/ce_source").asText(), "kept for replay");
        assertEquals(1, output(topics.status(AGENCY)).readValuesToList().stream()
                .filter(v -> json(v).path("messageId").asText().equals(beforeConsent.id())).count());
        assertEquals(good.id(), header(output(topics.outbound(CLINIC)).readRecord(), "ce_id"));
    }

    @Test
    void dataThatFailsItsSchemaOnTheTopicIsADeadLetterWithTheViolations() {
        var headers = new RecordHeaders();
        Envelope envelope = pipe(DemoMessages.referral(AGENCY, "F-8", "R-8", CLINIC));
        CloudEventCodec.headers(envelope, CloudEventCodec.Binding.KAFKA)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        byte[] bad = new String(CloudEventCodec.dataBytes(envelope), StandardCharsets.UTF_8)
                .replace("mental-health", "astrology").getBytes(StandardCharsets.UTF_8);
        inbound.pipeInput(new TestRecord<>("F-8", bad, headers, NOW));

        JsonNode letter = json(output(topics.deadLetter()).readValue());
        assertEquals("invalid", letter.get("reason").asText());
        assertEquals("/data/serviceType", letter.at("/violations/0/pointer").asText());
    }

    @Test
    void withoutALiveAgreementNothingGoesWhateverTheConsent() {
        config.pipeInput("agreement:MOU-" + AGENCY + "-" + CLINIC, (byte[]) null);
        pipe(DemoMessages.consent(AGENCY, "F-9", "D-9", CLINIC));
        pipe(DemoMessages.referral(AGENCY, "F-9", "R-9", CLINIC));

        assertTrue(output(topics.outbound(CLINIC)).isEmpty());
        var notices = output(topics.status(AGENCY)).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals("no-agreement", notices.get(1).get("reason").asText());
    }

    @Test
    void anExpiredOrNarrowerAgreementAllowsNothing() {
        configure(DemoMessages.partnership(AGENCY, CLINIC).replace("2027-12-31", "2026-06-30"));
        pipe(DemoMessages.consent(AGENCY, "F-10", "D-10", CLINIC));
        pipe(DemoMessages.referral(AGENCY, "F-10", "R-10", CLINIC));
        configure(DemoMessages.partnership(AGENCY, CLINIC).replace("\"identity\", ", ""));
        pipe(DemoMessages.referral(AGENCY, "F-10", "R-11", CLINIC));

        assertTrue(output(topics.outbound(CLINIC)).isEmpty());
        assertEquals(List.of("recorded", "withheld", "withheld"), output(topics.status(AGENCY)).readValuesToList().stream()
                .map(v -> json(v).get("outcome").asText()).toList());
    }

    @Test
    void aRoutingRuleAddsARecipientWhoIsDecidedLikeAnyOther() {
        configure("{\"routingRules\": [{\"id\": \"RR-1\", \"messageTypes\": [\"referral\"], "
                + "\"senderKinds\": [\"child-welfare\"], "
                + "\"where\": [{\"pointer\": \"/serviceType\", \"equals\": \"mental-health\"}], "
                + "\"to\": [\"" + CLINIC + "\"]}]}");
        pipe(DemoMessages.consent(AGENCY, "F-11", "D-11", CLINIC));
        Envelope unaddressed = pipe(DemoMessages.referral(AGENCY, "F-11", "R-12", "nobody-registered"));

        assertEquals(unaddressed.id(), header(output(topics.outbound(CLINIC)).readRecord(), "ce_id"));
        var notices = output(topics.status(AGENCY)).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals(List.of("nobody-registered", CLINIC), notices.subList(1, 3).stream()
                .map(n -> n.get("recipient").asText()).toList());
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(String text) {
        return json(text.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
