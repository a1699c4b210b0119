package org.kith.hub.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.evaluation.CohortCounts;
import org.kith.hub.evaluation.CountTable;
import org.kith.hub.evaluation.EvaluationSettings;
import org.kith.hub.evaluation.MeasureRequests;
import org.kith.hub.evaluation.MeasureTotals;
import org.kith.hub.evaluation.MeasureViewer;
import org.kith.hub.evaluation.ReportBuilder;
import org.kith.hub.evaluation.Timing;
import org.kith.hub.evaluation.TimingTable;
import org.kith.hub.metrics.HubMetrics;
import org.kith.hub.referral.ReferralSla;
import org.kith.hub.rules.ConfigPublisher;
import org.kith.hub.testing.IngressRecords;
import org.kith.hub.testing.SteppingClock;
import org.kith.hub.topics.Topics;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;

/**
 * The evaluation measures on a synthetic dataset whose every answer is worked out by hand: six
 * referrals through the real enforcement core (accepted to completion, declined for capacity and
 * re-sent elsewhere, waitlisted then accepted, cancelled, unanswered), one message withheld, and
 * demographics counted only where the family allowed their use for evaluation.
 */
class MeasuresTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final String AGENCY = LoopDriver.AGENCY;
    private static final String CLINIC = LoopDriver.CLINIC;
    private static final String LAKESIDE = LoopDriver.LAKESIDE;
    private static final String PAIR_CLINIC = AGENCY + " \u2192 " + CLINIC;
    private static final String PAIR_LAKESIDE = AGENCY + " \u2192 " + LAKESIDE;

    private final Topics topics = new Topics("", 1, (short) 1);
    private final SteppingClock clock = new SteppingClock(START);
    private final SubmissionValidator validator = new SubmissionValidator();
    private TopologyTestDriver driver;
    private int messages;
    private TestInputTopic<String, byte[]> inbound;

    @BeforeEach
    void start() {
        driver = LoopDriver.start("measures-test", topics, validator,
                new ReferralSla(Duration.ofDays(2), Duration.ofDays(5)), new HubMetrics(clock), clock);
        inbound = driver.createInputTopic(topics.inbound(), new StringSerializer(), new ByteArraySerializer());
        var config = driver.createInputTopic(topics.config(), new StringSerializer(), new ByteArraySerializer());
        ConfigPublisher.entries(json(DemoMessages.partnership(AGENCY, CLINIC, LAKESIDE)))
                .forEach((key, value) -> config.pipeInput(key, value.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** The dataset: minutes after START at which each step happens, every referral forwarded at 0 (R4 at 40). */
    private MeasureTotals dataset() {
        family("F-1", true, CLINIC);
        family("F-2", false, CLINIC, LAKESIDE);
        family("F-3", true, LAKESIDE);
        family("F-4", false, CLINIC);
        family("F-5", true, CLINIC);
        pipe(DemoMessages.profile(AGENCY, "F-6"));
        pipe(referral("F-1", "R1", CLINIC, "mental-health", "north-county",
                "\"demographics\": {\"raceEthnicity\": [\"hispanic-latino\"], \"primaryLanguage\": \"es-MX\"}"));
        pipe(referral("F-2", "R2", CLINIC, "mental-health", "north-county",
                "\"demographics\": {\"raceEthnicity\": [\"white\"], \"primaryLanguage\": \"en\"}"));
        pipe(referral("F-3", "R3", LAKESIDE, "mental-health", "south-county",
                "\"demographics\": {\"raceEthnicity\": [\"white\", \"black-african-american\"], \"primaryLanguage\": \"en\"}")
                .replace("2016-05-14", "2010-01-01"));
        pipe(referral("F-4", "R5", CLINIC, "parenting", "south-county", null));
        pipe(referral("F-5", "R6", CLINIC, "mental-health", "north-county", null));
        pipe(referral("F-6", "R7", CLINIC, "mental-health", "north-county", null)); // no consent: withheld

        at(5, DemoMessages.referralStatus(AGENCY, "F-4", "R5", "cancelled", "\"reasonCode\": \"other\""));
        at(30, DemoMessages.referralStatus(CLINIC, "F-2", "R2", "declined", "\"reasonCode\": \"no-capacity\""));
        at(40, referral("F-2", "R4", LAKESIDE, "mental-health", "north-county", null)
                .replace("\"referralId\": \"R4\"", "\"referralId\": \"R4\", \"previousReferralId\": \"R2\""));
        at(50, DemoMessages.referralStatus(LAKESIDE, "F-2", "R4", "received", null));
        at(60, DemoMessages.referralStatus(CLINIC, "F-1", "R1", "received", null));
        at(120, DemoMessages.referralStatus(CLINIC, "F-1", "R1", "accepted", null));
        at(240, DemoMessages.referralStatus(LAKESIDE, "F-3", "R3", "waitlisted",
                "\"waitlist\": {\"position\": 3, \"estimatedWaitDays\": 45}"));
        at(2880, DemoMessages.referralStatus(LAKESIDE, "F-3", "R3", "accepted", null));
        at(4320, DemoMessages.referralStatus(CLINIC, "F-1", "R1", "in-progress", null));
        at(14400, DemoMessages.referralStatus(CLINIC, "F-1", "R1", "completed", "\"outcome\": \"goals-met\""));
        at(14500, DemoMessages.referralStatus(AGENCY, "F-1", "R1", "closed", null));
        assertTrue(driver.createOutputTopic(topics.deadLetter(), new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer()).isEmpty(), "every step was accepted");
        driver.advanceWallClockTime(EnforcementProcessor.MEASURES_EVERY); // the changed cells are published
        return MeasuresQuery.read(driver.getKeyValueStore(EnforcementTopology.MEASURES_STORE));
    }

    @Test
    void everyMeasureOfTheSyntheticDatasetIsExact() {
        MeasureTotals totals = dataset();
        ReportBuilder builder = new ReportBuilder(new EvaluationSettings(true, 2, Optional.empty()));
        Map<String, CountTable> tables = new LinkedHashMap<>();
        builder.tables(totals).forEach(table -> tables.put(table.id(), table));

        assertRows(tables.get("referrals-by-month"), Map.of("2026-11", Map.of("requested", 1L, "received", 1L,
                "accepted", 1L, "completed", 1L, "declined", 1L, "cancelled", 1L)));
        assertRows(tables.get("referrals-by-pair"), Map.of(
                PAIR_LAKESIDE, Map.of("received", 1L, "accepted", 1L),
                PAIR_CLINIC, Map.of("requested", 1L, "completed", 1L, "declined", 1L, "cancelled", 1L)));
        assertRows(tables.get("referrals-by-service"), Map.of(
                "mental-health", Map.of("requested", 1L, "received", 1L, "accepted", 1L, "completed", 1L, "declined", 1L),
                "parenting", Map.of("cancelled", 1L)));
        // the area is the family's demographics: only where the family allowed their use for evaluation
        assertRows(tables.get("referrals-by-area"), Map.of(
                "north-county", Map.of("requested", 1L, "completed", 1L),
                "south-county", Map.of("accepted", 1L),
                "not-shared", Map.of("received", 1L, "declined", 1L, "cancelled", 1L)));
        assertRows(tables.get("declines-by-reason"), Map.of("mental-health", Map.of("no-capacity", 1L)));
        assertRows(tables.get("outcomes-by-service"), Map.of("mental-health", Map.of("goals-met", 1L)));
        assertRows(tables.get("completion-by-service"), Map.of("mental-health", Map.of("completed", 1L, "not-completed", 1L)));
        assertRows(tables.get("rereferrals"), Map.of("mental-health", Map.of("declined", 1L)));
        assertRows(tables.get("service-gaps"), Map.of("mental-health", Map.of("not-shared", 1L, "south-county", 1L)));
        // the referral without consent, then every status the families had not agreed to share back
        assertRows(tables.get("withheld-by-reason"), Map.of(
                PAIR_CLINIC, Map.of("no-consent", 3L),
                CLINIC + " \u2192 " + AGENCY, Map.of("no-consent", 5L),
                LAKESIDE + " \u2192 " + AGENCY, Map.of("no-consent", 3L)));

        // demographics only where the family allowed evaluation use; R6 allowed it but carried none
        assertRows(tables.get("disparities-race-ethnicity"), Map.of(
                "hispanic-latino", Map.of("completed", 1L),
                "multiple", Map.of("accepted", 1L),
                "unknown", Map.of("requested", 1L),
                "not-shared", Map.of("declined", 1L, "received", 1L, "cancelled", 1L)));
        assertRows(tables.get("disparities-language"), Map.of(
                "es", Map.of("completed", 1L), "en", Map.of("accepted", 1L), "unknown", Map.of("requested", 1L),
                "not-shared", Map.of("declined", 1L, "received", 1L, "cancelled", 1L)));
        assertRows(tables.get("disparities-age-band"), Map.of(
                "10-14", Map.of("completed", 1L, "requested", 1L), "15-17", Map.of("accepted", 1L),
                "not-shared", Map.of("declined", 1L, "received", 1L, "cancelled", 1L)));

        // times from forwarding, nearest-rank: receipt 10, 30, 60, 240; acceptance 120, 2880; service start 4320
        Map<String, TimingTable> timings = new LinkedHashMap<>();
        builder.timings(totals).forEach(t -> timings.put(t.id(), t));
        assertEquals(new Timing("all services", 4, 30L, 240L), last(timings.get(CohortCounts.TO_RECEIPT)));
        assertEquals(new Timing("all services", 2, 120L, 2880L), last(timings.get(CohortCounts.TO_ACCEPTANCE)));
        assertEquals(new Timing("all services", 1, null, null), last(timings.get(CohortCounts.TO_SERVICE_START)),
                "one referral is below the threshold of 2: no figure");
        CohortCounts all = totals.cohorts().values().stream().reduce(CohortCounts.empty(), CohortCounts::plus);
        assertEquals(List.of(4320L), all.durations(CohortCounts.TO_SERVICE_START));
        assertEquals(6, all.sent());
        assertEquals(1, all.longWaits());
    }

    @Test
    void atTheDefaultThresholdNothingSmallIsPublishedAndNoOutputNamesAPerson() {
        MeasureTotals totals = dataset();
        var requests = new MeasureRequests(new EvaluationSettings(true, 11, Optional.empty()), () -> totals, clock,
                new SplittableRandom(7));
        for (String format : List.of("json", "csv", "html")) {
            String body = requests.answer(Map.of("format", format), Optional.empty()).body();
            for (String personal : List.of("F-1", "F-2", "-C1", "-P1", "Alex", "Example", "2016-05-14", "2010-01-01", "R1")) {
                assertFalse(body.contains(personal), format + " output holds a person-level field: " + personal);
            }
        }
        var json = readJson(requests.answer(Map.of(), Optional.empty()).body());
        json.get("tables").forEach(table -> table.get("cells").forEach(row -> row.forEach(cell ->
                assertTrue(cell.isNull() || cell.asLong() == 0, table.get("id") + ": a count below 11 is shown"))));
        json.get("timings").forEach(timing -> timing.get("rows").forEach(row -> assertNull(row.get("medianMinutes").numberValue())));
    }

    @Test
    void aPartnerSeesOnlyTheReferralsItSentOrReceived() {
        MeasureTotals totals = dataset();
        var requests = new MeasureRequests(new EvaluationSettings(true, 2, Optional.empty()), () -> totals, clock,
                new SplittableRandom(7));
        var json = readJson(requests.answer(Map.of(), Optional.of(LAKESIDE)).body());
        var pairs = json.get("tables").findParents("id").stream()
                .filter(table -> table.get("id").asText().equals("referrals-by-pair")).findFirst().orElseThrow();
        assertEquals(List.of(PAIR_LAKESIDE), Json.mapper().convertValue(pairs.get("rows"), List.class));
        assertTrue(json.get("tables").findValues("rows").stream().noneMatch(rows -> rows.toString().contains(CLINIC)),
                "nothing of the other clinic's referrals");
    }

    /**
     * A side is shown what it was shown: the clinic's statuses went back to the county only where the
     * family agreed (here nowhere), so the county's view has its referrals where it last saw them
     * (its own closing and cancelling), no decline and no timing; the clinic was never shown the
     * county's statuses (they need the parent's consent as well), and neither is told of a message
     * withheld from it.
     */
    @Test
    void eachSideIsShownOnlyTheStepsConsentLetItSee() {
        MeasureTotals totals = dataset();
        ReportBuilder builder = new ReportBuilder(new EvaluationSettings(true, 2, Optional.empty()));
        Map<String, CountTable> county = new LinkedHashMap<>();
        builder.tables(totals.seenBy(MeasureViewer.partner(AGENCY))).forEach(table -> county.put(table.id(), table));
        assertRows(county.get("referrals-by-pair"), Map.of(
                PAIR_CLINIC, Map.of("requested", 2L, "closed", 1L, "cancelled", 1L),
                PAIR_LAKESIDE, Map.of("requested", 2L)));
        assertRows(county.get("declines-by-reason"), Map.of());
        assertRows(county.get("rereferrals"), Map.of("mental-health", Map.of("other", 1L)),
                "the county re-sent R2 without being told why it ended");
        assertRows(county.get("withheld-by-reason"), Map.of(PAIR_CLINIC, Map.of("no-consent", 3L)));
        assertTrue(builder.timings(totals.seenBy(MeasureViewer.partner(AGENCY))).stream()
                .allMatch(timing -> timing.rows().isEmpty()), "no milestone of the clinics was shown to the county");

        Map<String, CountTable> clinic = new LinkedHashMap<>();
        builder.tables(totals.seenBy(MeasureViewer.partner(CLINIC))).forEach(table -> clinic.put(table.id(), table));
        assertRows(clinic.get("referrals-by-pair"), Map.of(
                PAIR_CLINIC, Map.of("requested", 2L, "completed", 1L, "declined", 1L)));
        assertRows(clinic.get("declines-by-reason"), Map.of("mental-health", Map.of("no-capacity", 1L)));
        assertRows(clinic.get("withheld-by-reason"), Map.of(CLINIC + " \u2192 " + AGENCY, Map.of("no-consent", 5L)));

        Map<String, CountTable> both = new LinkedHashMap<>();
        builder.tables(totals.seenBy(MeasureViewer.partners(java.util.Set.of(AGENCY, CLINIC))))
                .forEach(table -> both.put(table.id(), table));
        assertEquals(java.util.Arrays.toString(row(tablesOf(builder, totals).get("referrals-by-pair"), PAIR_CLINIC)),
                java.util.Arrays.toString(row(both.get("referrals-by-pair"), PAIR_CLINIC)),
                "a user of both sides sees their referrals as they are: each step was made by one of them");
    }

    /** Where the family let the clinic's answers go back to the county, the county's view moves with them. */
    @Test
    void aStepSharedWithTheOtherSideMovesItsCounts() {
        family("F-S", false, CLINIC);
        DemoMessages.statusConsent(AGENCY, "F-S", "D-S-back", CLINIC, AGENCY).forEach(this::pipe);
        pipe(referral("F-S", "RS", CLINIC, "mental-health", "north-county", null));
        at(30, DemoMessages.referralStatus(CLINIC, "F-S", "RS", "accepted", null));
        driver.advanceWallClockTime(EnforcementProcessor.MEASURES_EVERY);
        MeasureTotals totals = MeasuresQuery.read(driver.getKeyValueStore(EnforcementTopology.MEASURES_STORE));
        ReportBuilder builder = new ReportBuilder(new EvaluationSettings(true, 2, Optional.empty()));
        assertRows(tablesOf(builder, totals.seenBy(MeasureViewer.partner(AGENCY))).get("referrals-by-pair"),
                Map.of(PAIR_CLINIC, Map.of("accepted", 1L)), "the county's view");
        assertEquals(List.of(30L), totals.seenBy(MeasureViewer.partner(AGENCY)).cohorts().values().iterator().next()
                .durations(CohortCounts.TO_ACCEPTANCE));
    }

    @Test
    void anAreaCountsOnlyAsACodeTheAgreementLists() {
        family("F-A", true, CLINIC);
        family("F-B", true, CLINIC);
        family("F-C", true, CLINIC);
        pipe(referral("F-A", "RA", CLINIC, "mental-health", "North-County ", null));
        pipe(referral("F-B", "RB", CLINIC, "mental-health", "east-county", null));
        pipe(referral("F-C", "RC", CLINIC, "mental-health", "12 Elm St, the Smiths", null));
        driver.advanceWallClockTime(EnforcementProcessor.MEASURES_EVERY);
        MeasureTotals totals = MeasuresQuery.read(driver.getKeyValueStore(EnforcementTopology.MEASURES_STORE));
        assertRows(tablesOf(new ReportBuilder(new EvaluationSettings(true, 2, Optional.empty())), totals)
                .get("referrals-by-area"), Map.of("north-county", Map.of("requested", 1L), "other", Map.of("requested", 2L)));
    }

    private static Map<String, CountTable> tablesOf(ReportBuilder builder, MeasureTotals totals) {
        Map<String, CountTable> tables = new LinkedHashMap<>();
        builder.tables(totals).forEach(table -> tables.put(table.id(), table));
        return tables;
    }

    private static long[] row(CountTable table, String name) {
        return table.counts()[table.rows().indexOf(name)];
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        var requests = new MeasureRequests(new EvaluationSettings(true, 11, Optional.empty()),
                () -> new MeasureTotals.Builder().build(), clock, new SplittableRandom(7));
        for (Map<String, String> query : List.of(Map.of("from", "2026-13"), Map.of("format", "pdf"),
                Map.of("release", "leak"), Map.of("from", "2026-05", "to", "2026-04"))) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> requests.answer(query, Optional.empty()));
            assertTrue(query.keySet().stream().anyMatch(name -> e.getMessage().contains("'" + name + "'")), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertRows(CountTable table, Map<String, Map<String, Long>> expected) {
        assertRows(table, expected, table.id());
    }

    private static void assertRows(CountTable table, Map<String, Map<String, Long>> expected, String what) {
        assertEquals(new java.util.TreeSet<>(expected.keySet()), new java.util.TreeSet<>(table.rows()), what + " rows");
        for (int r = 0; r < table.rows().size(); r++) {
            Map<String, Long> row = expected.get(table.rows().get(r));
            for (int c = 0; c < table.columns().size(); c++) {
                assertEquals(row.getOrDefault(table.columns().get(c), 0L), table.counts()[r][c],
                        table.id() + " " + table.rows().get(r) + " / " + table.columns().get(c));
            }
        }
    }

    private static Timing last(TimingTable table) {
        return table.rows().get(table.rows().size() - 1);
    }

    /** A family with its profile, consent for the providers to receive referrals, and (or not) for evaluation. */
    private void family(String familyId, boolean evaluation, String... providers) {
        pipe(DemoMessages.profile(AGENCY, familyId));
        for (String provider : providers) {
            pipe(DemoMessages.consent(AGENCY, familyId, "D-" + familyId + "-" + provider, provider));
            if (evaluation) {
                pipe(DemoMessages.evaluationConsent(AGENCY, familyId, "E-" + familyId + "-" + provider, provider));
            }
        }
    }

    private static String referral(String familyId, String referralId, String recipient, String service, String area,
                                   String demographics) {
        String referral = DemoMessages.referral(AGENCY, familyId, referralId, recipient)
                .replace("\"serviceType\": \"mental-health\"", "\"serviceType\": \"" + service + "\"")
                .replace("\"urgency\": \"routine\",",
                        "\"urgency\": \"routine\", \"familyContact\": {\"address\": {\"area\": \"" + area + "\"}},");
        return demographics == null ? referral
                : referral.replace("\"birthDate\": \"2016-05-14\"", "\"birthDate\": \"2016-05-14\", " + demographics);
    }

    private void at(long minutes, String message) {
        clock.step(Duration.between(clock.instant(), START.plus(Duration.ofMinutes(minutes))));
        pipe(message);
    }

    private void pipe(String cloudEvent) {
        var envelope = IngressRecords.accept(validator, cloudEvent, "m-" + (++messages), clock.instant());
        inbound.pipeInput(IngressRecords.record(envelope.familyid(), envelope, clock.instant()));
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        return readJson(text);
    }
}
