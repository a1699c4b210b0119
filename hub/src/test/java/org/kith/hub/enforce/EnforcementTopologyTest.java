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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
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
import org.kith.hub.topics.Topics;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.SubmissionValidator;

/** The enforcement core without a broker: every outcome of one inbound record. */
class EnforcementTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final Topics topics = new Topics("", 1, (short) 1);
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> inbound;

    @BeforeEach
    void start() {
        var partners = new PartnerRegistry(List.of(
                new Partner("county-cw", PartnerKind.CHILD_WELFARE, "County", null, Optional.empty()),
                new Partner("riverside-clinic", PartnerKind.MENTAL_HEALTH, "Clinic", null,
                        Optional.of(URI.create("http://127.0.0.1:1/kith")))));
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enforcement-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(EnforcementTopology.build(topics, partners, new SubmissionValidator(),
                Clock.fixed(NOW, ZoneOffset.UTC)), props);
        inbound = driver.createInputTopic(topics.inbound(), new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private TestOutputTopic<String, String> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new StringDeserializer());
    }

    private static String envelope(String id, String source, String type, String familyId, String recipients, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"%s","type":"%s","time":"2026-11-23T09:59:00Z",
                 "familyid":"%s","recipients":%s,"data":%s}
                """.formatted(id, source, type, familyId, recipients, data);
    }

    private static String consent(String id, String source, String familyId, String recipient, String status) {
        return envelope(id, source, "org.kith.consent-directive.v1", familyId, "[]",
                "{\"directiveId\":\"D-" + familyId + "\",\"recipient\":\"" + recipient + "\",\"status\":\"" + status + "\"}");
    }

    private static String referral(String id, String familyId, String recipients) {
        return envelope(id, "county-cw", "org.kith.referral.v1", familyId, recipients,
                "{\"referralId\":\"R-1\",\"serviceType\":\"mental-health\",\"reason\":\"assessment\","
                        + "\"persons\":[{\"personId\":\"P-1\",\"role\":\"child\"}]}");
    }

    @Test
    void aPermittedReferralIsCopiedToTheRecipientWithTheHubsHeadersOnly() {
        inbound.pipeInput("F-1", consent("m-1", "county-cw", "F-1", "riverside-clinic", "active"));
        inbound.pipeInput(new TestRecord<>("F-1", referral("m-2", "F-1", "[\"riverside-clinic\"]"), null, NOW));

        TestRecord<String, String> copy = output(topics.outbound("riverside-clinic")).readRecord();
        assertEquals("F-1", copy.key());
        assertEquals("m-2", header(copy, KithHeaders.MESSAGE_ID));
        assertEquals("D-F-1", header(copy, KithHeaders.BASIS));
        assertEquals(4, copy.headers().toArray().length);
        assertEquals("R-1", json(copy.value()).at("/data/referralId").asText());

        List<JsonNode> ledger = output(topics.ledger()).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals(List.of("consent-recorded", "decision"), ledger.stream().map(n -> n.get("kind").asText()).toList());
        assertEquals("permit", ledger.get(1).get("outcome").asText());
        assertEquals(header(copy, KithHeaders.DECISION_ID), ledger.get(1).get("id").asText());
    }

    @Test
    void withoutConsentNothingIsCopiedAndTheSenderLearnsTheReason() {
        inbound.pipeInput("F-2", referral("m-3", "F-2", "[\"riverside-clinic\"]"));

        assertTrue(output(topics.outbound("riverside-clinic")).isEmpty());
        JsonNode notice = json(output(topics.status("county-cw")).readValue());
        assertEquals("withheld", notice.get("outcome").asText());
        assertEquals("no-consent", notice.get("reason").asText());
        assertEquals("deny", json(output(topics.ledger()).readValue()).get("outcome").asText());
    }

    @Test
    void eachRecipientIsDecidedAlone() {
        inbound.pipeInput("F-3", consent("m-4", "county-cw", "F-3", "riverside-clinic", "active"));
        inbound.pipeInput("F-3", referral("m-5", "F-3", "[\"riverside-clinic\",\"nobody-registered\"]"));

        assertEquals(1, output(topics.outbound("riverside-clinic")).getQueueSize());
        var notices = output(topics.status("county-cw")).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals(List.of("recorded", "forwarded", "withheld"), notices.stream().map(n -> n.get("outcome").asText()).toList());
        assertEquals("unknown-recipient", notices.get(2).get("reason").asText());
    }

    @Test
    void aRevocationStopsTheNextMessageOfTheFamily() {
        inbound.pipeInput("F-4", consent("m-6", "county-cw", "F-4", "riverside-clinic", "active"));
        inbound.pipeInput("F-4", consent("m-7", "county-cw", "F-4", "riverside-clinic", "revoked"));
        inbound.pipeInput("F-4", referral("m-8", "F-4", "[\"riverside-clinic\"]"));

        assertTrue(output(topics.outbound("riverside-clinic")).isEmpty());
    }

    @Test
    void onlyAChildWelfareAgencyRecordsConsent() {
        inbound.pipeInput("F-5", consent("m-9", "riverside-clinic", "F-5", "riverside-clinic", "active"));
        inbound.pipeInput("F-5", referral("m-10", "F-5", "[\"riverside-clinic\"]"));

        assertEquals("not-authorised", json(output(topics.deadLetter()).readValue()).get("reason").asText());
        assertTrue(output(topics.outbound("riverside-clinic")).isEmpty(), "the clinic could not grant itself consent");
    }

    @Test
    void poisonRecordsBecomeDeadLettersAndTheGoodOnesStillFlow() {
        inbound.pipeInput("F-6", "this is not json");
        inbound.pipeInput("F-6", referral("m-11", "F-6", "[\"riverside-clinic\"]").replace("mental-health", "astrology"));
        inbound.pipeInput("F-other", referral("m-12", "F-6", "[\"riverside-clinic\"]"));
        inbound.pipeInput("F-6", referral("m-13", "F-6", "[\"riverside-clinic\"]").replace("\"county-cw\"", "\"impostor\""));
        inbound.pipeInput("F-6", consent("m-14", "county-cw", "F-6", "riverside-clinic", "active"));
        inbound.pipeInput("F-6", referral("m-15", "F-6", "[\"riverside-clinic\"]"));

        List<JsonNode> letters = output(topics.deadLetter()).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals(List.of("unparseable", "invalid", "key-mismatch", "unknown-sender"),
                letters.stream().map(n -> n.get("reason").asText()).toList());
        assertEquals(List.of(0L, 1L, 2L, 3L), letters.stream().map(n -> n.get("sourceOffset").asLong()).toList());
        assertEquals(topics.inbound(), letters.get(0).get("sourceTopic").asText());
        assertEquals("/data/serviceType", letters.get(1).at("/violations/0/pointer").asText());
        assertEquals("m-15", json(output(topics.outbound("riverside-clinic")).readValue()).get("id").asText());
    }

    private static String header(TestRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
