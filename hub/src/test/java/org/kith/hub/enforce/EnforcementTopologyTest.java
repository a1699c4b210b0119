package org.kith.hub.enforce;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kith.connectors.rest.RefusalNotice;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.crypto.Jwks;
import org.kith.hub.crypto.JwsVerification;
import org.kith.hub.crypto.KeyRing;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.crypto.Verifier;
import org.kith.hub.admin.AccessRefusals;
import org.kith.hub.ledger.HashChain;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.ledger.LedgerVerification;
import org.kith.hub.ledger.LedgerVerifier;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.family.FamilyFile;
import org.kith.hub.family.FamilyStore;
import org.kith.hub.rules.ConfigPublisher;
import org.kith.hub.testing.IngressRecords;
import org.kith.hub.topics.Topics;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.SubmissionValidator;

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
    private final KeyRing keys = KeyRing.of(SigningKey.generate(new SecureRandom()), Clock.fixed(NOW, ZoneOffset.UTC));
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
                new EnforcementTopology.LedgerSettings(keys, new HashChain.Policy(4, Duration.ofMinutes(1))),
                new EnforcementTopology.ReferralSettings(new org.kith.hub.referral.ReferralSla(Duration.ofHours(48),
                        Duration.ofDays(5)), Duration.ofSeconds(1), true), new org.kith.hub.metrics.HubMetrics(),
                Clock.fixed(NOW, ZoneOffset.UTC)), props);
        inbound = driver.createInputTopic(topics.inbound(), new StringSerializer(), new ByteArraySerializer());
        config = driver.createInputTopic(topics.config(), new StringSerializer(), new ByteArraySerializer());
        configure(DemoMessages.partnership(AGENCY, CLINIC));
    }

    private void configure(String partnershipJson) {
        ConfigPublisher.entries(json(partnershipJson)).forEach((key, value) -> config.pipeInput(key, value.toString().getBytes(StandardCharsets.UTF_8)));
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
        Envelope envelope = IngressRecords.accept(validator, cloudEvent, "m-" + (++messages), NOW);
        inbound.pipeInput(IngressRecords.record(key, envelope, NOW));
        return envelope;
    }

    private Envelope pipe(String cloudEvent) {
        return pipe(json(cloudEvent).get("familyid").asText(), cloudEvent);
    }

    /** The family's profile, then the mother's consent for the clinic to receive referral data about her child. */
    private void consentOf(String familyId, String directiveId) {
        pipe(DemoMessages.profile(AGENCY, familyId));
        pipe(DemoMessages.consent(AGENCY, familyId, directiveId, CLINIC));
    }

    @Test
    void aFamilyKeptWholeByAnEarlierHubIsDecidedOnAsItWasAndSplitWhenItNextRecords() throws Exception {
        // the consent store as a hub before the per-document layout wrote it: the whole file under the family id
        var directive = new FamilyFile.Filed("D-1", json(DemoMessages.consent(AGENCY, "F-old", "D-1", CLINIC)).get("data"),
                AGENCY, "m-old", NOW, null, null);
        var old = new FamilyFile("F-old", json(DemoMessages.profile(AGENCY, "F-old")).get("data"), List.of(directive),
                List.of(), List.of());
        KeyValueStore<String, byte[]> consent = driver.getKeyValueStore(Topics.CONSENT_STORE);
        consent.put("F-old", Json.mapper().writeValueAsBytes(old));

        pipe(DemoMessages.referral(AGENCY, "F-old", "R-1", CLINIC));
        assertEquals("R-1", json(output(topics.outbound(CLINIC)).readRecord().value()).get("referralId").asText(),
                "decided on the old file: its consent holds");

        pipe(DemoMessages.revocation(AGENCY, "F-old", "D-1"));
        assertEquals(null, consent.get("F-old"), "the whole file is split on the family's next document");
        assertTrue(FamilyStore.file(consent, "F-old").orElseThrow().directives().get(0).revokedAt() != null);
        var clinic = output(topics.outbound(CLINIC));
        assertEquals("org.kith.consent-withdrawn.v1", header(clinic.readRecord(), "ce_type"),
                "the clinic, which received data under D-1, hears of its withdrawal");
        pipe(DemoMessages.referral(AGENCY, "F-old", "R-2", CLINIC));
        assertTrue(clinic.isEmpty(), "and the revocation holds");
    }

    @Test
    void aPermittedReferralIsCopiedToTheRecipientInTheCloudEventsBindingWithTheHubsHeadersOnly() {
        consentOf("F-1", "D-1");
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

        List<JsonNode> ledger = ledger();
        assertEquals(List.of("consent-recorded", "consent-recorded", "decision"),
                ledger.stream().map(n -> n.get("kind").asText()).toList());
        assertEquals(List.of("family-profile", "consent-directive"),
                ledger.subList(0, 2).stream().map(n -> n.at("/body/document").asText()).toList());
        assertEquals("permit", ledger.get(2).at("/body/outcome").asText());
        assertEquals(header(copy, KithHeaders.DECISION_ID), ledger.get(2).at("/body/decisionId").asText());
        assertEquals(KithHeaders.REDISCLOSURE_PROHIBITED, header(copy, KithHeaders.REDISCLOSURE));
    }

    @Test
    void withoutConsentNothingIsCopiedAndTheSenderLearnsTheReason() {
        pipe(DemoMessages.referral(AGENCY, "F-2", "R-2", CLINIC));

        assertTrue(output(topics.outbound(CLINIC)).isEmpty());
        JsonNode notice = json(output(topics.status(AGENCY)).readValue());
        assertEquals("withheld", notice.get("outcome").asText());
        assertEquals("no-consent", notice.get("reason").asText());
        assertEquals("deny", ledger().get(0).at("/body/outcome").asText());
    }

    @Test
    void aDirectiveThatDoesNotCoverEveryCarriedCategoryDoesNotPermit() {
        pipe(DemoMessages.profile(AGENCY, "F-3"));
        pipe(DemoMessages.consent(AGENCY, "F-3", "D-3", CLINIC).replace("\"identity\"", "\"education\""));
        pipe(DemoMessages.referral(AGENCY, "F-3", "R-3", CLINIC));

        assertTrue(output(topics.outbound(CLINIC)).isEmpty(), "the referral's persons are identity data the family did not release");
        JsonNode notice = json(output(topics.status(AGENCY)).readValuesToList().get(2));
        assertEquals("withheld", notice.get("outcome").asText());
        assertTrue(notice.get("withheld").findValuesAsText("category").contains("identity"));
    }

    @Test
    void eachRecipientIsDecidedAlone() {
        consentOf("F-4", "D-4");
        pipe(DemoMessages.referral(AGENCY, "F-4", "R-4", CLINIC + ",nobody-registered"));

        assertEquals(1, output(topics.outbound(CLINIC)).getQueueSize());
        var notices = output(topics.status(AGENCY)).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals(List.of("recorded", "recorded", "forwarded", "withheld"),
                notices.stream().map(n -> n.get("outcome").asText()).toList());
        assertEquals("unknown-recipient", notices.get(3).get("reason").asText());
    }

    @Test
    void aRevocationStopsTheNextMessageOfTheFamily() {
        consentOf("F-5", "D-5");
        pipe(DemoMessages.revocation(AGENCY, "F-5", "D-5"));
        pipe(DemoMessages.referral(AGENCY, "F-5", "R-5", CLINIC));

        assertTrue(output(topics.outbound(CLINIC)).isEmpty());
    }

    @Test
    void onlyAChildWelfareAgencyRecordsConsent() {
        pipe(DemoMessages.profile(AGENCY, "F-6"));
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
        consentOf("F-7", "D-7");
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
        consentOf("F-9", "D-9");
        pipe(DemoMessages.referral(AGENCY, "F-9", "R-9", CLINIC));

        assertTrue(output(topics.outbound(CLINIC)).isEmpty());
        var notices = output(topics.status(AGENCY)).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals("no-agreement", notices.get(2).get("reason").asText());
    }

    @Test
    void anExpiredOrNarrowerAgreementAllowsNothing() {
        configure(DemoMessages.partnership(AGENCY, CLINIC).replace("2027-12-31", "2026-06-30"));
        consentOf("F-10", "D-10");
        pipe(DemoMessages.referral(AGENCY, "F-10", "R-10", CLINIC));
        configure(DemoMessages.partnership(AGENCY, CLINIC).replace("\"identity\", ", ""));
        pipe(DemoMessages.referral(AGENCY, "F-10", "R-11", CLINIC));

        assertTrue(output(topics.outbound(CLINIC)).isEmpty());
        assertEquals(List.of("recorded", "recorded", "withheld", "withheld"), output(topics.status(AGENCY)).readValuesToList().stream()
                .map(v -> json(v).get("outcome").asText()).toList());
    }

    @Test
    void aRoutingRuleAddsARecipientWhoIsDecidedLikeAnyOther() {
        configure("{\"routingRules\": [{\"id\": \"RR-1\", \"messageTypes\": [\"referral\"], "
                + "\"senderKinds\": [\"child-welfare\"], "
                + "\"where\": [{\"pointer\": \"/serviceType\", \"equals\": \"mental-health\"}], "
                + "\"to\": [\"" + CLINIC + "\"]}]}");
        consentOf("F-11", "D-11");
        Envelope unaddressed = pipe(DemoMessages.referral(AGENCY, "F-11", "R-12", "nobody-registered"));

        assertEquals(unaddressed.id(), header(output(topics.outbound(CLINIC)).readRecord(), "ce_id"));
        var notices = output(topics.status(AGENCY)).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals(List.of("nobody-registered", CLINIC), notices.subList(2, 4).stream()
                .map(n -> n.get("recipient").asText()).toList());
    }

    @Test
    void aDirectiveBindsOnlyOnceTheFamilyProfileShowsTheGrantorMayConsent() {
        pipe(DemoMessages.consent(AGENCY, "F-12", "D-12", CLINIC));
        pipe(DemoMessages.referral(AGENCY, "F-12", "R-12", CLINIC));
        pipe(DemoMessages.profile(AGENCY, "F-12"));
        Envelope after = pipe(DemoMessages.referral(AGENCY, "F-12", "R-13", CLINIC));

        var notices = output(topics.status(AGENCY)).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals("grantor-not-authorized", notices.get(1).get("reason").asText());
        assertEquals(after.id(), header(output(topics.outbound(CLINIC)).readRecord(), "ce_id"));
    }

    @Test
    void whatTheFamilyDidNotReleaseOrTheAgreementDoesNotAllowIsRemovedFromTheCopyAndTheSenderIsTold() {
        consentOf("F-13", "D-13");
        pipe(DemoMessages.referral(AGENCY, "F-13", "R-14", CLINIC).replace("\"urgency\": \"routine\",",
                "\"urgency\": \"routine\", \"familyContact\": {\"phone\": \"+1-555-0100\"},"
                        + " \"history\": {\"behavioralHealth\": \"anxiety since the move\"},"));

        JsonNode copy = json(output(topics.outbound(CLINIC)).readRecord().value());
        assertTrue(copy.path("familyContact").isMissingNode() && copy.path("history").isMissingNode(), copy.toString());
        assertEquals("R-14", copy.get("referralId").asText());
        JsonNode notice = json(output(topics.status(AGENCY)).readValuesToList().get(2));
        assertEquals(StatusNotice.REDACTED, notice.get("outcome").asText());
        assertEquals(Map.of("contact", "no-consent", "behavioral-health", "not-in-agreement", "case-plan", "not-in-agreement"),
                toMap(notice.get("withheld")));
        JsonNode decision = ledger().get(2).get("body");
        assertEquals("redact", decision.get("outcome").asText());
        assertEquals(List.of("contact:no-consent", "behavioral-health:not-in-agreement", "case-plan:not-in-agreement"),
                texts(decision.get("withheld")).stream().sorted(java.util.Comparator.comparing(w -> !w.startsWith("contact"))).toList());
        assertFalse(decision.toString().contains("anxiety") || decision.toString().contains("555-0100"), "no data in the ledger");
    }

    @Test
    void aCourtOrderDisclosesOverTheFamilysDenyAndTheCopySaysItMayNotBePassedOn() {
        pipe(DemoMessages.profile(AGENCY, "F-14"));
        pipe(DemoMessages.consent(AGENCY, "F-14", "D-14", CLINIC).replace("\"effect\": \"permit\"", "\"effect\": \"deny\""));
        pipe(DemoMessages.referral(AGENCY, "F-14", "R-15", CLINIC));
        pipe(DemoMessages.courtOrder(AGENCY, "F-14", "CO-14", CLINIC));
        Envelope ordered = pipe(DemoMessages.referral(AGENCY, "F-14", "R-16", CLINIC));

        var notices = output(topics.status(AGENCY)).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals("denied-by-family", notices.get(2).get("reason").asText());
        TestRecord<String, byte[]> copy = output(topics.outbound(CLINIC)).readRecord();
        assertEquals(ordered.id(), header(copy, "ce_id"));
        assertEquals("CO-14,MOU-county-cw-riverside-clinic", header(copy, KithHeaders.BASIS));
        assertEquals(KithHeaders.REDISCLOSURE_PROHIBITED, header(copy, KithHeaders.REDISCLOSURE));
    }

    @Test
    void aBreakGlassDisclosureIsFlaggedForReview() {
        pipe(DemoMessages.profile(AGENCY, "F-15"));
        declared(DemoMessages.emergency(AGENCY, "F-15", "EM-15", CLINIC, NOW), "oncall-1");
        pipe(DemoMessages.referral(AGENCY, "F-15", "R-17", CLINIC));

        TestRecord<String, byte[]> copy = output(topics.outbound(CLINIC)).readRecord();
        assertEquals(KithHeaders.REVIEW_REQUIRED, header(copy, KithHeaders.REVIEW));
        assertEquals("EM-15,MOU-county-cw-riverside-clinic", header(copy, KithHeaders.BASIS));
        JsonNode recorded = ledger().stream().filter(r -> r.path("kind").asText().equals("consent-recorded")
                && r.at("/body/documentId").asText().equals("EM-15")).findFirst().orElseThrow();
        assertEquals("oncall-1", recorded.at("/body/emergency/declaredBy").asText());
        assertEquals("admin-api", recorded.at("/body/emergency/verifiedBy").asText());
        assertEquals("The child cannot wait for consent.", recorded.at("/body/emergency/justification").asText());
    }

    @Test
    void aBreakGlassFromASystemWithNoPersonBehindItIsRefusedAndOpensNothing() {
        pipe(DemoMessages.profile(AGENCY, "F-15b"));
        Envelope emergency = pipe(DemoMessages.emergency(AGENCY, "F-15b", "EM-15b", CLINIC, NOW));
        pipe(DemoMessages.referral(AGENCY, "F-15b", "R-17b", CLINIC));

        assertTrue(output(topics.outbound(CLINIC)).isEmpty(), "the emergency opened nothing");
        JsonNode letter = json(output(topics.deadLetter()).readValue());
        assertEquals("undeclared-emergency", letter.get("reason").asText());
        List<JsonNode> notices = output(topics.status(AGENCY)).readValuesToList().stream()
                .map(EnforcementTopologyTest::json).toList();
        JsonNode refused = notices.stream().filter(n -> n.path("messageId").asText().equals(emergency.id())).findFirst()
                .orElseThrow();
        assertEquals("refused", refused.get("outcome").asText());
        assertTrue(refused.get("reason").asText().contains("must name the person who declared it"), refused.toString());
        List<JsonNode> ledger = ledger();
        assertTrue(ledger.stream().anyMatch(r -> r.path("kind").asText().equals("refusal")
                && r.at("/body/reason").asText().equals("undeclared-emergency")), ledger.toString());
        assertTrue(ledger.stream().noneMatch(r -> r.path("kind").asText().equals("consent-recorded")
                && r.at("/body/documentId").asText().equals("EM-15b")), "not recorded");
        assertTrue(ledger.stream().anyMatch(r -> r.path("kind").asText().equals("decision")
                && r.at("/body/outcome").asText().equals("deny")), "the referral after it was withheld");
    }

    /** An emergency as the administration API writes it: declared by {@code user}, whose role the API checked. */
    private Envelope declared(String cloudEvent, String user) {
        Envelope envelope = IngressRecords.accept(validator, cloudEvent, "m-" + (++messages), NOW);
        TestRecord<String, byte[]> record = IngressRecords.record(envelope.familyid(), envelope, NOW);
        record.headers().add(KithHeaders.DECLARED_BY, user.getBytes(StandardCharsets.UTF_8));
        inbound.pipeInput(record);
        return envelope;
    }

    @Test
    void aConsentDocumentTheFileCannotTakeIsRefusedAndChangesNothing() {
        consentOf("F-16", "D-16");
        pipe(DemoMessages.revocation(AGENCY, "F-16", "D-unknown"));
        pipe(DemoMessages.revocation(AGENCY, "F-16", "D-16"));
        pipe(DemoMessages.consent(AGENCY, "F-16", "D-16", CLINIC));
        pipe(DemoMessages.referral(AGENCY, "F-16", "R-18", CLINIC));

        List<JsonNode> letters = output(topics.deadLetter()).readValuesToList().stream().map(EnforcementTopologyTest::json).toList();
        assertEquals(List.of("refused", "refused"), letters.stream().map(n -> n.get("reason").asText()).toList());
        assertTrue(letters.get(0).get("detail").asText().contains("no directive D-unknown"));
        assertTrue(letters.get(1).get("detail").asText().contains("was revoked"));
        assertTrue(output(topics.outbound(CLINIC)).isEmpty(), "a revoked directive cannot be brought back by recording it again");
    }

    @Test
    void aStatuteRuleFromTheConfigurationDisclosesWithoutConsent() {
        configure("""
                {"statuteRules": [{"id": "statute:test", "citation": "Test Code 1", "senderKinds": ["child-welfare"],
                  "recipientKinds": ["mental-health"], "categories": ["administrative", "service", "identity"],
                  "purposes": ["referral"], "messageTypes": ["referral"]}]}
                """);
        Envelope referral = pipe(DemoMessages.referral(AGENCY, "F-17", "R-19", CLINIC));

        TestRecord<String, byte[]> copy = output(topics.outbound(CLINIC)).readRecord();
        assertEquals(referral.id(), header(copy, "ce_id"));
        assertEquals("statute:test,MOU-county-cw-riverside-clinic", header(copy, KithHeaders.BASIS));
    }

    @Test
    void theLedgerIsOneHashChainPerPartitionWithSignedCheckpointsThatVerify() {
        consentOf("F-18", "D-18");
        for (int i = 0; i < 5; i++) {
            pipe(DemoMessages.referral(AGENCY, "F-18", "R-18-" + i, CLINIC));
        }
        inbound.pipeInput("F-18", "poison".getBytes(StandardCharsets.UTF_8));

        List<String> lines = output(topics.ledger()).readValuesToList().stream()
                .map(v -> new String(v, StandardCharsets.UTF_8)).toList();
        List<JsonNode> records = lines.stream().map(EnforcementTopologyTest::json).toList();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L),
                records.stream().map(n -> n.get("seq").asLong()).toList(), "one chain, no gaps");
        assertEquals(2, records.stream().filter(n -> n.get("kind").asText().equals("checkpoint")).count(),
                "a checkpoint after every 4 records");
        assertEquals("refusal", records.get(8).get("kind").asText(), "a dead letter is a ledger record too");
        assertEquals(List.of(4L, 9L), records.stream().filter(n -> n.get("kind").asText().equals("checkpoint"))
                .map(n -> n.get("seq").asLong()).toList());
        var verification = new LedgerVerifier(keys).verify(lines);
        assertTrue(verification instanceof LedgerVerification.Ok, verification.toString());
        String tampered = lines.get(5).replace("\"permit\"", "\"deny\"");
        List<String> forged = new java.util.ArrayList<>(lines);
        forged.set(5, tampered);
        assertTrue(new LedgerVerifier(keys).verify(forged) instanceof LedgerVerification.Bad bad && bad.seq() == 5,
                "a changed decision is caught at its record");
    }

    @Test
    void everyCopyIsSignedByTheHubOverItsCeHeadersAndValue() {
        consentOf("F-20", "D-20");
        pipe(DemoMessages.referral(AGENCY, "F-20", "R-20", CLINIC));

        TestRecord<String, byte[]> copy = output(topics.outbound(CLINIC)).readRecord();
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        copy.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        var partner = Verifier.fromJwks(Jwks.write(keys.publicKeys()));
        assertEquals(new JwsVerification.Valid(keys.active().kid(), NOW), partner.verifyKafkaRecord(headers, copy.value()));
        byte[] altered = copy.value().clone();
        altered[1] ^= 1;
        assertFalse(partner.verifyKafkaRecord(headers, altered).isValid());
    }

    @Test
    void aRefusalNoticeOfTheIngressIsARefusalInTheLedgerAndNothingElse() {
        var headers = new RecordHeaders().add(KithHeaders.REFUSAL, "bad-signature".getBytes(StandardCharsets.UTF_8));
        inbound.pipeInput(new TestRecord<>(AGENCY, new RefusalNotice(AGENCY, "evt-9", "bad-signature", "ab".repeat(32))
                .toJson(), headers, NOW));

        List<JsonNode> ledger = ledger();
        assertEquals(1, ledger.size());
        assertEquals("refusal", ledger.get(0).get("kind").asText());
        assertEquals(Map.of("sender", AGENCY, "partnerEventId", "evt-9", "reason", "bad-signature", "bodySha256", "ab".repeat(32)),
                Json.mapper().convertValue(ledger.get(0).get("body"), Map.class));
        assertTrue(output(topics.deadLetter()).isEmpty());
        assertTrue(output(topics.status(AGENCY)).isEmpty());
        assertTrue(output(topics.outbound(CLINIC)).isEmpty());
    }

    @Test
    void anUnreadableRefusalNoticeIsADeadLetterNotAMessage() {
        var headers = new RecordHeaders().add(KithHeaders.REFUSAL, "x".getBytes(StandardCharsets.UTF_8));
        inbound.pipeInput(new TestRecord<>(AGENCY, "{\"reason\": 7, \"extra\": true}".getBytes(StandardCharsets.UTF_8),
                headers, NOW));

        assertEquals(DeadLetter.UNPARSEABLE, json(output(topics.deadLetter()).readValue()).get("reason").asText());
        assertEquals(List.of("refusal"), ledger().stream().map(n -> n.get("kind").asText()).toList());
        assertTrue(output(topics.status(AGENCY)).isEmpty());
    }

    @Test
    void whatTheLedgerListsAsDisclosedIsWhatTheCopySentCarries() {
        pipe(DemoMessages.profile(AGENCY, "F-40"));
        pipe(DemoMessages.consent(AGENCY, "F-40", "D-40", CLINIC).replace("\"categories\": [\"administrative\", \"service\", \"identity\"]",
                "\"categories\": [\"administrative\", \"service\", \"identity\", \"contact\"]"));
        pipe(DemoMessages.referral(AGENCY, "F-40", "R-40", CLINIC).replace("\"urgency\": \"routine\",",
                "\"urgency\": \"routine\", \"familyContact\": {\"preferredLanguage\": \"es\"},"));

        JsonNode copy = json(output(topics.outbound(CLINIC)).readRecord().value());
        assertTrue(copy.path("familyContact").isMissingNode(), "its only value was withheld: " + copy);
        JsonNode decision = ledger().get(2).get("body");
        assertFalse(texts(decision.get("categories")).contains("contact"),
                "contact was permitted but the copy carries none: " + decision);
        assertTrue(texts(decision.get("withheld")).contains("demographics:no-consent"), decision.toString());
    }

    @Test
    void anAccessRefusedNoticeIsALedgerRecordAndNothingElse() {
        var refused = new LedgerEvent.AccessRefused("partner:lakeside-housing",
                "GET /v1/referrals/{familyId}/{referralId}", "F-41", "not-found", 1, NOW.toString(), NOW.toString());
        var notice = AccessRefusals.notice(topics.inbound(), refused);
        inbound.pipeInput(new TestRecord<>(notice.key(), notice.value(), notice.headers(), NOW));
        inbound.pipeInput(new TestRecord<>("F-41", "{\"actor\": 7}".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders().add(KithHeaders.ACCESS_REFUSED, "x".getBytes(StandardCharsets.UTF_8)), NOW));

        List<JsonNode> ledger = ledger();
        assertEquals(List.of("access-refused", "refusal"), ledger.stream().map(n -> n.get("kind").asText()).toList(),
                "the record, then the dead letter's own record");
        assertEquals(refused, assertDoesNotThrow(() -> Json.mapper().treeToValue(ledger.get(0).get("body"),
                LedgerEvent.AccessRefused.class)));
        assertEquals(DeadLetter.UNPARSEABLE, json(output(topics.deadLetter()).readValue()).get("reason").asText(),
                "an unreadable notice is a dead letter, not a message");
        assertTrue(output(topics.outbound(CLINIC)).isEmpty());
    }

    @Test
    void aSecondCopyOfADecidedMessageIsRecordedAndToldToItsSenderButNeverDecidedOrSentAgain() {
        consentOf("F-20", "D-20");
        output(topics.status(AGENCY)).readValuesToList(); // the consent file's notices
        Envelope referral = IngressRecords.accept(validator, DemoMessages.referral(AGENCY, "F-20", "R-20", CLINIC),
                "m-twice", NOW);
        inbound.pipeInput(IngressRecords.record("F-20", referral, NOW));
        // stored twice (two instances took it at once, or a crash came between storing it and recording its id)
        inbound.pipeInput(IngressRecords.record("F-20", referral, NOW.plusSeconds(1)));

        assertEquals(1, output(topics.outbound(CLINIC)).readRecordsToList().size(), "one copy");
        List<JsonNode> ledger = ledger();
        assertEquals(List.of("consent-recorded", "consent-recorded", "decision", "refusal"),
                ledger.stream().map(n -> n.get("kind").asText()).toList(), "decided once, the second copy recorded");
        assertEquals(Map.of("sender", AGENCY, "partnerEventId", referral.partnereventid(), "reason", "replayed",
                        "bodySha256", org.kith.hub.crypto.Digests.hex(org.kith.hub.crypto.Digests.sha256(
                                CloudEventCodec.dataBytes(referral))), "messageId", "m-twice"),
                Json.mapper().convertValue(ledger.get(3).get("body"), Map.class));
        List<JsonNode> notices = output(topics.status(AGENCY)).readValuesToList().stream()
                .map(EnforcementTopologyTest::json).toList();
        assertEquals(List.of("forwarded", "refused"), notices.stream().map(n -> n.get("outcome").asText()).toList());
        assertEquals("replayed", notices.get(1).get("reason").asText());
        assertEquals("m-twice", notices.get(1).get("messageId").asText(), "the sender learns which message it was");
        assertTrue(output(topics.deadLetter()).isEmpty());

        // kept as long as the ingresses keep the ids, then forgotten: a copy that late is decided again
        inbound.pipeInput(IngressRecords.record("F-20", referral,
                NOW.plus(EnforcementTopology.DEFAULT_DECIDED_FOR).plusSeconds(2)));
        assertEquals(1, output(topics.outbound(CLINIC)).readRecordsToList().size());
    }

    @Test
    void aDeadLetteredMessageReplayedCorrectedIsDecidedOnceAndItsNextReplayIsASecondCopy() {
        Envelope envelope = IngressRecords.accept(validator, DemoMessages.referral(AGENCY, "F-21", "R-21", CLINIC),
                "m-replayed", NOW);
        TestRecord<String, byte[]> good = IngressRecords.record("F-21", envelope, NOW);
        byte[] bad = new String(good.value(), StandardCharsets.UTF_8).replace("mental-health", "astrology")
                .getBytes(StandardCharsets.UTF_8);
        inbound.pipeInput(new TestRecord<>("F-21", bad, good.headers(), NOW));
        assertEquals("invalid", json(output(topics.deadLetter()).readValue()).get("reason").asText());

        // the operator replays it with corrected data, under its message id (the dead letter's headers), twice
        inbound.pipeInput(good);
        inbound.pipeInput(good);

        List<JsonNode> ledger = ledger();
        assertEquals(List.of("refusal", "decision", "refusal"), ledger.stream().map(n -> n.get("kind").asText()).toList(),
                "the dead letter, the corrected replay decided, the second replay a copy of it");
        assertEquals(List.of("invalid", "replayed"), List.of(ledger.get(0).at("/body/reason").asText(),
                ledger.get(2).at("/body/reason").asText()));
        assertTrue(output(topics.deadLetter()).isEmpty(), "no second dead letter");
    }

    private List<JsonNode> ledger() {
        return output(topics.ledger()).readValuesToList().stream().map(EnforcementTopologyTest::json)
                .filter(n -> !n.get("kind").asText().equals("checkpoint")).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Map<String, String> toMap(JsonNode withheld) {
        Map<String, String> map = new java.util.TreeMap<>();
        withheld.forEach(w -> map.put(w.get("category").asText(), w.get("reason").asText()));
        return map;
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
