package org.kith.hub.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.metrics.HubMetrics;
import org.kith.hub.referral.ProviderCapacity;
import org.kith.hub.evaluation.MeasureTotals;
import org.kith.hub.referral.Referral;
import org.kith.hub.referral.ServiceGap;
import org.kith.hub.referral.ReferralSla;
import org.kith.hub.referral.ReferralState;
import org.kith.hub.referral.ReferralView;
import org.kith.hub.rules.ConfigPublisher;
import org.kith.hub.testing.IngressRecords;
import org.kith.hub.testing.SteppingClock;
import org.kith.hub.topics.Topics;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;

/**
 * The closed referral loop in the enforcement core, without a broker: lifecycle, status back to the
 * referrer through consent, capacity, SLA alerts on a clock the test moves, service gaps, transfer.
 */
class ReferralLoopTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final String AGENCY = LoopDriver.AGENCY;
    private static final String CLINIC = LoopDriver.CLINIC;
    private static final String LAKESIDE = LoopDriver.LAKESIDE;
    private static final ReferralSla SLA = new ReferralSla(Duration.ofHours(2), Duration.ofHours(24));

    private final Topics topics = new Topics("", 1, (short) 1);
    private final SubmissionValidator validator = new SubmissionValidator();
    private final SteppingClock clock = new SteppingClock(START);
    private final HubMetrics metrics = new HubMetrics();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> inbound;
    private TestInputTopic<String, byte[]> config;
    private int messages;

    @BeforeEach
    void start() {
        driver = LoopDriver.start("referral-loop-test", topics, validator, SLA, metrics, clock);
        inbound = driver.createInputTopic(topics.inbound(), new StringSerializer(), new ByteArraySerializer());
        config = driver.createInputTopic(topics.config(), new StringSerializer(), new ByteArraySerializer());
        ConfigPublisher.entries(json(DemoMessages.partnership(AGENCY, CLINIC, LAKESIDE)))
                .forEach((key, value) -> config.pipeInput(key, value.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    // ---------------------------------------------------------------- lifecycle and status back

    @Test
    void anAcceptedReferralIsReportedBackToTheReferrerWhenTheFamilyAgreed() {
        familyWithConsent("F-1", true);
        pipe(DemoMessages.referral(AGENCY, "F-1", "R-1", CLINIC));
        drain(topics.status(AGENCY));

        pipe(DemoMessages.referralStatus(CLINIC, "F-1", "R-1", "accepted", "\"expectedStartDate\": \"2026-12-01\""));

        assertEquals(1, output(topics.outbound(AGENCY)).getQueueSize(),
                () -> output(topics.status(CLINIC)).readValuesToList().stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList().toString());
        JsonNode copy = json(output(topics.outbound(AGENCY)).readValue());
        assertEquals("accepted", copy.get("status").asText());
        assertEquals(ReferralState.ACCEPTED, referral("F-1", "R-1", CLINIC).state());
        ReferralView seen = referral("F-1", "R-1", CLINIC).viewFor(AGENCY);
        assertEquals("accepted", seen.state());
        assertEquals(List.of("requested", "accepted"), seen.history().stream().map(ReferralView.Step::state).toList());
        assertTrue(output(topics.status(AGENCY)).isEmpty(), "a status the referrer saw needs no neutral notice");
    }

    @Test
    void withoutConsentTheReferrerLearnsOnlyThatTheReferralWasUpdated() {
        familyWithConsent("F-2", false);
        pipe(DemoMessages.referral(AGENCY, "F-2", "R-2", CLINIC));
        drain(topics.status(AGENCY));

        pipe(DemoMessages.referralStatus(CLINIC, "F-2", "R-2", "accepted", null));

        assertTrue(output(topics.outbound(AGENCY)).isEmpty(), "the status itself is withheld");
        JsonNode neutral = json(output(topics.status(AGENCY)).readValue());
        assertEquals(StatusNotice.REFERRAL_UPDATED, neutral.get("outcome").asText());
        assertEquals("R-2", neutral.get("referralId").asText());
        assertEquals(CLINIC, neutral.get("recipient").asText());
        assertNull(neutral.get("withheld"), "not even which categories were withheld");
        JsonNode toClinic = json(output(topics.status(CLINIC)).readValue());
        assertEquals(StatusNotice.WITHHELD, toClinic.get("outcome").asText());

        Referral stored = referral("F-2", "R-2", CLINIC);
        assertEquals(ReferralState.ACCEPTED, stored.state());
        assertEquals("updated", stored.viewFor(AGENCY).state());
        assertEquals("accepted", stored.viewFor(CLINIC).state());
        assertFalse(stored.isKnownTo(LAKESIDE));
    }

    @Test
    void anIllegalMoveIsRefusedWithItsReasonAndChangesNothing() {
        familyWithConsent("F-3", true);
        pipe(DemoMessages.referral(AGENCY, "F-3", "R-3", CLINIC));

        pipe(DemoMessages.referralStatus(CLINIC, "F-3", "R-3", "completed", "\"outcome\": \"goals-met\""));

        JsonNode letter = json(output(topics.deadLetter()).readValue());
        assertEquals(DeadLetter.REFUSED, letter.get("reason").asText());
        assertTrue(letter.get("detail").asText().contains("from requested to completed"), letter.toString());
        JsonNode notice = json(output(topics.status(CLINIC)).readValue());
        assertEquals(StatusNotice.REFUSED, notice.get("outcome").asText());
        assertEquals(ReferralState.REQUESTED, referral("F-3", "R-3", CLINIC).state());
        assertTrue(output(topics.outbound(AGENCY)).isEmpty());
    }

    @Test
    void aStatusForAReferralThePartnerNeverHadIsRefused() {
        familyWithConsent("F-4", true);
        pipe(DemoMessages.referral(AGENCY, "F-4", "R-4", CLINIC));

        pipe(DemoMessages.referralStatus(LAKESIDE, "F-4", "R-4", "accepted", null));

        assertTrue(json(output(topics.deadLetter()).readValue()).get("detail").asText().contains("no referral"));
        assertEquals(ReferralState.REQUESTED, referral("F-4", "R-4", CLINIC).state());
    }

    @Test
    void theReferrerCancelsAndTheRecipientCanNoLongerAccept() {
        familyWithConsent("F-5", true);
        pipe(DemoMessages.referral(AGENCY, "F-5", "R-5", CLINIC));
        drain(topics.outbound(CLINIC));

        pipe(DemoMessages.referralStatus(AGENCY, "F-5", "R-5", "cancelled", "\"reasonCode\": \"family-declined\""));
        pipe(DemoMessages.referralStatus(CLINIC, "F-5", "R-5", "accepted", null));

        assertEquals(ReferralState.CANCELLED, referral("F-5", "R-5", CLINIC).state());
        assertEquals(1, output(topics.deadLetter()).getQueueSize(), "accepting a cancelled referral is refused");
    }

    @Test
    void aWaitlistedReferralIsAcceptedStartedCompletedAndClosed() {
        familyWithConsent("F-6", true);
        pipe(DemoMessages.referral(AGENCY, "F-6", "R-6", CLINIC));
        pipe(DemoMessages.referralStatus(CLINIC, "F-6", "R-6", "received", null));
        pipe(DemoMessages.referralStatus(CLINIC, "F-6", "R-6", "waitlisted",
                "\"waitlist\": {\"position\": 3, \"estimatedWaitDays\": 45}"));
        pipe(DemoMessages.referralStatus(CLINIC, "F-6", "R-6", "accepted", null));
        pipe(DemoMessages.referralStatus(CLINIC, "F-6", "R-6", "in-progress", null));
        pipe(DemoMessages.referralStatus(CLINIC, "F-6", "R-6", "completed", "\"outcome\": \"goals-met\""));
        pipe(DemoMessages.referralStatus(AGENCY, "F-6", "R-6", "closed", null));

        Referral done = referral("F-6", "R-6", CLINIC);
        assertEquals(List.of("requested", "received", "waitlisted", "accepted", "in-progress", "completed", "closed"),
                done.history().stream().map(s -> s.state().code()).toList());
        assertEquals("goals-met", done.history().get(5).outcome());
        assertTrue(output(topics.deadLetter()).isEmpty());
        assertEquals(List.of(new ServiceGap("mental-health", "not-shared", "long-wait", 1)), measures().serviceGaps(),
                "a 45-day waiting list is a service gap (the family's area is not for evaluation without its consent)");
    }

    // ---------------------------------------------------------------- service gaps and transfer

    @Test
    void aDeclineIsCountedAsAGapAndTheReferralIsResentElsewhereWithItsHistoryLinked() {
        familyWithConsent("F-7", true);
        pipe(DemoMessages.consent(AGENCY, "F-7", "D-7-lakeside", LAKESIDE));
        pipe(DemoMessages.referral(AGENCY, "F-7", "R-7", CLINIC));

        pipe(DemoMessages.referral(AGENCY, "F-7", "R-8", LAKESIDE).replace("\"referralId\": \"R-8\"",
                "\"referralId\": \"R-8\", \"previousReferralId\": \"R-7\""));
        assertEquals("a referral can be re-sent only after it was declined or cancelled",
                json(output(topics.deadLetter()).readValue()).get("detail").asText());

        pipe(DemoMessages.referralStatus(CLINIC, "F-7", "R-7", "declined", "\"reasonCode\": \"no-capacity\""));
        pipe(DemoMessages.referral(AGENCY, "F-7", "R-8", LAKESIDE).replace("\"referralId\": \"R-8\"",
                "\"referralId\": \"R-8\", \"previousReferralId\": \"R-7\""));

        assertEquals(List.of("R-8"), referral("F-7", "R-7", CLINIC).nextReferralIds());
        Referral resent = referral("F-7", "R-8", LAKESIDE);
        assertEquals("R-7", resent.previousReferralId());
        assertEquals(ReferralState.REQUESTED, resent.state());
        assertEquals(List.of(new ServiceGap("mental-health", "not-shared", "no-capacity", 1)), measures().serviceGaps());
        assertTrue(output(topics.deadLetter()).isEmpty());
    }

    // ---------------------------------------------------------------- capacity

    @Test
    void aReferralToAFullProviderIsFlaggedToItsSenderAtOnce() {
        familyWithConsent("F-9", true);
        capacity(CLINIC, "full");

        pipe(DemoMessages.referral(AGENCY, "F-9", "R-9", CLINIC));

        List<JsonNode> notices = output(topics.status(AGENCY)).readValuesToList().stream().map(ReferralLoopTest::json).toList();
        JsonNode forwarded = notices.get(notices.size() - 1);
        assertEquals(StatusNotice.FORWARDED, forwarded.get("outcome").asText());
        assertEquals("full", forwarded.get("capacity").asText());
    }

    @Test
    void aRuleThatChoosesByCapacityOffersTheReferralToTheProviderWithRoom() {
        familyWithConsent("F-10", true);
        pipe(DemoMessages.consent(AGENCY, "F-10", "D-10-lakeside", LAKESIDE));
        config.pipeInput("rule:RR-counseling", """
                {"id": "RR-counseling", "messageTypes": ["referral"], "where": [{"pointer": "/serviceType", "equals": "mental-health"}],
                 "to": ["%s", "%s"], "choose": "first-with-capacity"}""".formatted(CLINIC, LAKESIDE).getBytes(StandardCharsets.UTF_8));
        capacity(CLINIC, "full");
        capacity(LAKESIDE, "accepting");

        pipe(DemoMessages.referral(AGENCY, "F-10", "R-10", null));

        assertTrue(output(topics.outbound(CLINIC)).isEmpty());
        assertEquals(1, output(topics.outbound(LAKESIDE)).getQueueSize());
        assertEquals(ReferralState.REQUESTED, referral("F-10", "R-10", LAKESIDE).state());
    }

    // ---------------------------------------------------------------- SLA

    @Test
    void aReferralNotReceivedThenNotAnsweredInTimeAlertsTheReferrerOnceForEach() {
        familyWithConsent("F-11", true);
        pipe(DemoMessages.referral(AGENCY, "F-11", "R-11", CLINIC));
        drain(topics.status(AGENCY));

        advance(Duration.ofMinutes(119));
        assertTrue(output(topics.status(AGENCY)).isEmpty(), "not due yet");

        advance(Duration.ofMinutes(2));
        JsonNode late = json(output(topics.status(AGENCY)).readValue());
        assertEquals(StatusNotice.OVERDUE, late.get("outcome").asText());
        assertEquals(Referral.NOT_RECEIVED, late.get("reason").asText());
        assertEquals("R-11", late.get("referralId").asText());

        advance(Duration.ofHours(23));
        JsonNode unanswered = json(output(topics.status(AGENCY)).readValue());
        assertEquals(Referral.NOT_ANSWERED, unanswered.get("reason").asText());
        advance(Duration.ofHours(24));
        assertTrue(output(topics.status(AGENCY)).isEmpty(), "each alert once");
        assertTrue(metrics.scrape().contains("kith_referrals_overdue_total{alert=\"not-received\"} 1.0"), metrics.scrape());
    }

    @Test
    void aReferralThatNamesNoRecipientAndMatchesNoRuleIsRefused() {
        familyWithConsent("F-13", true);

        pipe(DemoMessages.referral(AGENCY, "F-13", "R-13", null));

        assertTrue(json(output(topics.deadLetter()).readValue()).get("detail").asText().contains("no recipient"));
        assertEquals(StatusNotice.REFUSED, json(output(topics.status(AGENCY)).readValue()).get("outcome").asText());
    }

    @Test
    void theAgreementsSlaTakesPrecedenceOverTheHubsDefault() {
        config.pipeInput("agreement:MOU-" + AGENCY + "-" + CLINIC, """
                {"id": "MOU-%s-%s", "parties": ["%s", "%s"], "purposes": ["referral", "care-coordination"],
                 "messageTypes": ["referral", "referral-status"], "categories": ["administrative", "service", "identity"],
                 "effective": "2026-01-01", "expires": "2027-12-31", "referralSla": {"receipt": "PT10M", "answer": "PT30M"}}
                """.formatted(AGENCY, CLINIC, AGENCY, CLINIC).getBytes(StandardCharsets.UTF_8));
        familyWithConsent("F-14", true);
        pipe(DemoMessages.referral(AGENCY, "F-14", "R-14", CLINIC));
        drain(topics.status(AGENCY));
        assertEquals(START.plus(Duration.ofMinutes(30)), referral("F-14", "R-14", CLINIC).answerDue());

        advance(Duration.ofMinutes(11));
        assertEquals(Referral.NOT_RECEIVED, json(output(topics.status(AGENCY)).readValue()).get("reason").asText());
        advance(Duration.ofMinutes(20));
        assertEquals(Referral.NOT_ANSWERED, json(output(topics.status(AGENCY)).readValue()).get("reason").asText());
    }

    @Test
    void aReferralAnsweredInTimeRaisesNoAlert() {
        familyWithConsent("F-12", true);
        pipe(DemoMessages.referral(AGENCY, "F-12", "R-12", CLINIC));
        advance(Duration.ofMinutes(30));
        pipe(DemoMessages.referralStatus(CLINIC, "F-12", "R-12", "accepted", null));
        drain(topics.status(AGENCY));

        advance(Duration.ofDays(2));

        assertTrue(output(topics.status(AGENCY)).isEmpty());
    }

    // ---------------------------------------------------------------- helpers

    /** Profile and the consent for the clinics to receive referrals; with {@code statusBack}, for the clinic to answer the county. */
    private void familyWithConsent(String familyId, boolean statusBack) {
        pipe(DemoMessages.profile(AGENCY, familyId));
        pipe(DemoMessages.consent(AGENCY, familyId, "D-" + familyId, CLINIC));
        if (statusBack) {
            DemoMessages.statusConsent(AGENCY, familyId, "D-status-" + familyId, CLINIC, AGENCY).forEach(this::pipe);
        }
        drain(topics.status(AGENCY));
    }

    private void capacity(String partner, String status) {
        var report = new ProviderCapacity(partner, "mental-health", ProviderCapacity.Status.fromCode(status), null, null,
                List.of(), clock.instant(), clock.instant());
        try {
            config.pipeInput(report.key(), Json.mapper().writeValueAsBytes(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void advance(Duration by) {
        clock.step(by);
        driver.advanceWallClockTime(by);
    }

    private Referral referral(String familyId, String referralId, String recipient) {
        KeyValueStore<String, Referral> store = driver.getKeyValueStore(EnforcementTopology.REFERRAL_STORE);
        return store.get(Referral.key(familyId, AGENCY, referralId, recipient));
    }

    /** The measures as every instance reads them: the global store that mirrors the measures topic. */
    private MeasureTotals measures() {
        driver.advanceWallClockTime(EnforcementProcessor.MEASURES_EVERY);
        return MeasuresQuery.read(driver.getKeyValueStore(EnforcementTopology.MEASURES_STORE));
    }

    private void drain(String topic) {
        output(topic).readRecordsToList();
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void pipe(String cloudEvent) {
        Envelope envelope = IngressRecords.accept(validator, cloudEvent, "m-" + (++messages), clock.instant());
        inbound.pipeInput(IngressRecords.record(envelope.familyid(), envelope, clock.instant()));
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        return json(text.getBytes(StandardCharsets.UTF_8));
    }
}
