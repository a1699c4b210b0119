package org.kith.hub.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.evaluation.CohortCounts;
import org.kith.hub.evaluation.EvaluationSettings;
import org.kith.hub.evaluation.MeasureCodes;
import org.kith.hub.evaluation.MeasureRequests;
import org.kith.hub.evaluation.MeasureTotals;
import org.kith.hub.evaluation.MeasureViewer;
import org.kith.hub.evaluation.ReportBuilder;
import org.kith.hub.metrics.HubMetrics;
import org.kith.hub.referral.ReferralSla;
import org.kith.hub.rules.ConfigPublisher;
import org.kith.hub.testing.IngressRecords;
import org.kith.hub.testing.SteppingClock;
import org.kith.hub.topics.Topics;
import org.kith.schemas.Contracts;
import org.kith.schemas.Examples;
import org.kith.schemas.Json;
import org.kith.schemas.MessageType;
import org.kith.schemas.SubmissionValidator;

/**
 * Measures carry codes only. Through the real enforcement core, each try sends a family's consent,
 * a referral, its statuses and a message of every other type the core decides, with random text
 * (any Unicode, the measures' own separators and words, markup) in every free-text field the
 * schemas have, and in the area, the language, the addressees and the subject. Every value carries
 * a marker; no marker may appear in any measure output: the JSON, CSV and HTML reports and the
 * service gaps, as the partnership, each partner and a user of two agencies see them, and the
 * records of the measures topic. Every label and column is then checked against its closed list,
 * and the area of the try's referral is exactly what its consent and its agreement's list allow.
 */
class MeasuresCarryCodesOnlyTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final String AGENCY = LoopDriver.AGENCY;
    private static final String CLINIC = LoopDriver.CLINIC;
    private static final String MARK = "zqj";
    /** The areas {@link DemoMessages#partnership} lists for its measures. */
    private static final Set<String> LISTED = Set.of("north-county", "south-county");
    private static final Set<MessageType> RECORDED = Set.of(MessageType.FAMILY_PROFILE, MessageType.CONSENT_DIRECTIVE,
            MessageType.CONSENT_REVOCATION, MessageType.LEGAL_AUTHORITY);
    private static final List<MeasureViewer> VIEWERS = List.of(MeasureViewer.partnership(),
            MeasureViewer.partner(AGENCY), MeasureViewer.partner(CLINIC), MeasureViewer.partners(Set.of(AGENCY, CLINIC)));

    private final Topics topics = new Topics("", 1, (short) 1);
    private final SteppingClock clock = new SteppingClock(START);
    private final SubmissionValidator validator = new SubmissionValidator();
    private final List<String> topicRecords = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> inbound;
    private TestOutputTopic<String, byte[]> measuresTopic;
    private int tries;
    private int markers;
    private int messages;

    @BeforeProperty
    void start() {
        driver = LoopDriver.start("codes-only-test", topics, validator,
                new ReferralSla(Duration.ofDays(2), Duration.ofDays(5)), new HubMetrics(clock), clock);
        inbound = driver.createInputTopic(topics.inbound(), new StringSerializer(), new ByteArraySerializer());
        measuresTopic = driver.createOutputTopic(topics.measures(), new StringDeserializer(), new ByteArrayDeserializer());
        var config = driver.createInputTopic(topics.config(), new StringSerializer(), new ByteArraySerializer());
        ConfigPublisher.entries(read(DemoMessages.partnership(AGENCY, CLINIC, LoopDriver.LAKESIDE)))
                .forEach((key, value) -> config.pipeInput(key, value.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @AfterProperty
    void stop() {
        driver.close();
    }

    @Property(tries = 40, shrinking = ShrinkingMode.OFF)
    void noFreeTextEverBecomesALabelAKeyOrAColumn(@ForAll("texts") List<String> texts, @ForAll("areas") String area,
                                                  @ForAll("languages") String language, @ForAll boolean evaluation,
                                                  @ForAll("endings") String ending) {
        int n = ++tries;
        String family = "F-P" + n;
        Texts text = new Texts(texts);
        pipe(DemoMessages.profile(AGENCY, family));
        pipe(DemoMessages.consent(AGENCY, family, "D-" + n, CLINIC));
        if (evaluation) {
            pipe(filled(read(DemoMessages.evaluationConsent(AGENCY, family, "E-" + n, CLINIC)), text));
        }
        String referralId = "R-" + n;
        ObjectNode referral = example(MessageType.REFERRAL, family, AGENCY, text);
        ObjectNode data = (ObjectNode) referral.get("data");
        data.put("referralId", referralId);
        ObjectNode child = (ObjectNode) ((ArrayNode) data.get("persons")).get(0);
        ((ArrayNode) data.get("persons")).removeAll().add(child.put("personId", family + "-C1"));
        ((ObjectNode) child.get("demographics")).put("primaryLanguage", language);
        String shownArea = area.equals("marker") ? text.next(100).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")
                : area.equals("text") ? text.next(100) : area;
        data.withObjectProperty("familyContact").withObjectProperty("address").put("area", shownArea);
        pipe(referral.toString());
        List<String> steps = switch (ending) {
            case "declined" -> List.of("received", "declined");
            case "waitlisted" -> List.of("received", "waitlisted", "accepted");
            default -> List.of("received", "accepted", "in-progress", "completed");
        };
        for (String step : steps) {
            pipe(status(family, referralId, step, text).toString());
        }
        for (MessageType type : MessageType.values()) {
            if (!RECORDED.contains(type) && type != MessageType.REFERRAL && type != MessageType.REFERRAL_STATUS) {
                pipe(example(type, family, AGENCY, text).toString());
            }
        }
        driver.advanceWallClockTime(EnforcementProcessor.MEASURES_EVERY);
        measuresTopic.readKeyValuesToList().forEach(record -> topicRecords.add(record.key + " "
                + (record.value == null ? "" : new String(record.value, StandardCharsets.UTF_8))));

        MeasureTotals totals = MeasuresQuery.read(driver.getKeyValueStore(EnforcementTopology.MEASURES_STORE));
        assertEquals(n, totals.cohorts().values().stream().mapToLong(CohortCounts::sent).sum(),
                "every try's referral was forwarded and counted");
        Map<String, String> outputs = outputs(totals);
        outputs.forEach((what, body) -> assertTrue(!body.toLowerCase(Locale.ROOT).contains(MARK),
                what + " shows text a partner sent: " + excerpt(body)));
        outputs.forEach((what, body) -> {
            if (what.endsWith(" json")) {
                labelsAreCodes(what, read(body));
            }
        });
        String expected = !evaluation ? "not-shared" : LISTED.contains(shownArea) ? shownArea
                : shownArea.isBlank() ? "unknown" : MeasureCodes.OTHER;
        assertTrue(totals.cohorts().keySet().stream().anyMatch(cohort -> cohort.area().equals(expected)
                        && cohort.period().equals("2026-11")),
                "the try's area counts as " + expected + ": " + totals.cohorts().keySet());
    }

    /** The property feeds every free-text field the referral and status schemas have: none is left out. */
    @Example
    void everyFreeTextFieldOfTheReferralAndItsStatusIsFed() {
        for (MessageType type : List.of(MessageType.REFERRAL, MessageType.REFERRAL_STATUS)) {
            Set<String> fed = new TreeSet<>();
            JsonNode schema = Contracts.schemaDocument(type);
            Texts text = new Texts(List.of("x"));
            for (String example : type == MessageType.REFERRAL ? List.of("received")
                    : List.of("received", "declined", "waitlisted", "completed")) {
                JsonNode data = type == MessageType.REFERRAL ? Examples.firstValid(type).json().get("data").deepCopy()
                        : status("F-1", "R-1", example, text).get("data");
                fill(schema, schema, data, text, "", fed);
            }
            Set<String> all = new TreeSet<>();
            freeText(schema, schema, "", all, new HashSet<>());
            assertEquals(all, fed, type.shortName() + ": free-text fields the property does not feed");
            assertTrue(all.contains("/familyContact/address/area") || type != MessageType.REFERRAL, all.toString());
        }
    }

    // ---------------------------------------------------------------- what is generated

    @Provide
    Arbitrary<List<String>> texts() {
        Arbitrary<String> any = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\ud7ff')
                .withChars('|', '"', '<', '>', '&', '\n', '\t', '\u0001', '\u202e', '\u2192').ofMaxLength(30);
        Arbitrary<String> words = Arbitraries.of("other", "unknown", "not-shared", "north-county|south-county",
                "<script>alert(1)</script>", "a,b\r\nc", "riverside-clinic \u2192 county-cw", "=cmd|' /C calc'!A0", "");
        return Arbitraries.frequencyOf(Tuple.of(4, any), Tuple.of(1, words)).list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<String> areas() {
        return Arbitraries.of("north-county", "south-county", "marker", "text", " ");
    }

    @Provide
    Arbitrary<String> languages() {
        return Arbitraries.oneOf(Arbitraries.of("en", "es-MX", "so", "zzz", "xx"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(3));
    }

    @Provide
    Arbitrary<String> endings() {
        return Arbitraries.of("declined", "waitlisted", "completed");
    }

    /** Random text, each value with a marker of its own, cut to the field's length. */
    private final class Texts {
        private final List<String> pieces;
        private int next;

        Texts(List<String> pieces) {
            this.pieces = pieces;
        }

        String next(int maxLength) {
            String marker = MARK + Integer.toString(++markers, 36);
            String piece = pieces.get(next++ % pieces.size());
            int room = Math.max(0, maxLength - marker.length());
            String head = piece.substring(0, Math.min(piece.length() / 2, room));
            String tail = piece.substring(piece.length() / 2);
            return head + marker + tail.substring(0, Math.min(tail.length(), room - head.length()));
        }
    }

    /** A valid example of {@code type} for {@code family} from {@code sender}, to the clinic and to no partner, filled. */
    private ObjectNode example(MessageType type, String family, String sender, Texts text) {
        ObjectNode event = (ObjectNode) Examples.firstValid(type).json().deepCopy();
        event.put("familyid", family).put("source", sender).put("id", "e-" + (++messages))
                .put("subject", "Zqj" + Integer.toString(++markers, 36))
                .put("recipients", CLINIC + "," + MARK + Integer.toString(++markers, 36));
        fill(Contracts.schemaDocument(type), Contracts.schemaDocument(type), event.get("data"), text, "", new TreeSet<>());
        return event;
    }

    private ObjectNode status(String family, String referralId, String step, Texts text) {
        String example = switch (step) {
            case "declined" -> "referral-status/valid-declined-not-eligible.json";
            case "completed" -> "referral-status/valid-completed-part2.json";
            default -> "referral-status/valid-waitlisted.json";
        };
        ObjectNode event = (ObjectNode) Examples.all().stream().filter(e -> e.file().equals(example)).findFirst()
                .orElseThrow().json().deepCopy();
        event.put("familyid", family).put("source", CLINIC).put("id", "e-" + (++messages)).put("recipients", AGENCY)
                .put("subject", referralId);
        ObjectNode data = ((ObjectNode) event.get("data")).put("referralId", referralId).put("status", step);
        if (!step.equals("waitlisted")) {
            data.remove("waitlist");
        } else {
            data.withObjectProperty("waitlist").put("estimatedWaitDays", 45);
        }
        JsonNode schema = Contracts.schemaDocument(MessageType.REFERRAL_STATUS);
        data.withObjectProperty("clinicalSummary");
        fill(schema, schema, data, text, "", new TreeSet<>());
        return event;
    }

    private String filled(JsonNode event, Texts text) {
        MessageType type = MessageType.fromTypeName(event.get("type").asText()).orElseThrow();
        fill(Contracts.schemaDocument(type), Contracts.schemaDocument(type), event.get("data"), text, "", new TreeSet<>());
        return event.toString();
    }

    /**
     * Sets every free-text string of {@code data} (one its schema neither enumerates nor constrains
     * by a pattern or a format) to the next text: those it has, and those of the objects it has.
     */
    private static void fill(JsonNode root, JsonNode schema, JsonNode data, Texts text, String pointer, Set<String> fed) {
        JsonNode resolved = resolve(root, schema);
        if (data instanceof ObjectNode object && resolved.has("properties")) {
            resolved.get("properties").fields().forEachRemaining(property -> {
                JsonNode child = resolve(root, property.getValue());
                String at = pointer + "/" + property.getKey();
                if (isFreeText(child)) {
                    object.put(property.getKey(), text.next(child.path("maxLength").asInt(200)));
                    fed.add(at);
                } else if (object.has(property.getKey())) {
                    fill(root, child, object.get(property.getKey()), text, at, fed);
                }
            });
        } else if (data instanceof ArrayNode array && resolved.has("items")) {
            array.forEach(item -> fill(root, resolved.get("items"), item, text, pointer + "/*", fed));
        }
    }

    /** Every free-text field of a schema, arrays as {@code *}. */
    private static void freeText(JsonNode root, JsonNode schema, String pointer, Set<String> out, Set<String> seen) {
        JsonNode resolved = resolve(root, schema);
        if (isFreeText(resolved)) {
            out.add(pointer);
        }
        resolved.path("properties").fields().forEachRemaining(property ->
                freeText(root, property.getValue(), pointer + "/" + property.getKey(), out, seen));
        if (resolved.has("items") && seen.add(pointer)) {
            freeText(root, resolved.get("items"), pointer + "/*", out, seen);
        }
    }

    private static boolean isFreeText(JsonNode schema) {
        return "string".equals(schema.path("type").asText()) && !schema.has("enum") && !schema.has("pattern")
                && !schema.has("format") && !schema.has("const");
    }

    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null || !ref.asText().startsWith("#/")) {
            return schema;
        }
        JsonNode target = root.at(ref.asText().substring(1));
        ObjectNode merged = ((ObjectNode) target.deepCopy());
        schema.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("$ref")) {
                merged.set(field.getKey(), field.getValue());
            }
        });
        return merged;
    }

    // ---------------------------------------------------------------- what is shown

    /** Every measure output, by who sees it and in which form, and the measures topic's records. */
    private Map<String, String> outputs(MeasureTotals totals) {
        var requests = new MeasureRequests(new EvaluationSettings(true, 2, Optional.empty()), () -> totals, clock,
                new SplittableRandom(7));
        Map<String, String> outputs = new LinkedHashMap<>();
        for (MeasureViewer viewer : VIEWERS) {
            for (String format : List.of("json", "csv", "html")) {
                outputs.put(viewer + " " + format, requests.answer(Map.of("format", format), viewer).body());
            }
            outputs.put(viewer + " service gaps", Json.mapper().valueToTree(totals.seenBy(viewer).serviceGaps()).toString());
        }
        outputs.put("the measures topic", String.join("\n", topicRecords));
        return outputs;
    }

    /** Every row, column and group of a JSON report is a month, a pair of partners or a code of a closed list. */
    private static void labelsAreCodes(String what, JsonNode report) {
        Set<String> partners = Set.of(AGENCY, CLINIC, LoopDriver.LAKESIDE, "unknown");
        Set<String> codes = new HashSet<>();
        Stream.of(MeasureCodes.SERVICE_TYPES, MeasureCodes.RACE_ETHNICITY, MeasureCodes.LANGUAGES, LISTED,
                MeasureCodes.DECLINE_REASONS, MeasureCodes.OUTCOMES, MeasureCodes.WITHHELD_REASONS,
                MeasureCodes.RESERVED, ReportBuilder.DISPOSITIONS, Set.of("0-4", "5-9", "10-14", "15-17", "18+",
                        "completed", "not-completed", "all services")).forEach(codes::addAll);
        for (JsonNode table : report.path("tables")) {
            for (String field : List.of("rows", "columns")) {
                for (JsonNode label : table.path(field)) {
                    String text = label.asText();
                    boolean pair = text.contains(" \u2192 ") && partners.containsAll(List.of(text.split(" \u2192 ")));
                    assertTrue(pair || codes.contains(text) || text.matches("[0-9]{4}-[0-9]{2}"),
                            what + ": " + table.path("id").asText() + " has the label '" + text + "'");
                }
            }
            if (table.path("id").asText().equals("referrals-by-area")) {
                table.path("rows").forEach(row -> assertTrue(LISTED.contains(row.asText())
                        || MeasureCodes.RESERVED.contains(row.asText()), what + ": the area " + row));
            }
        }
        report.path("timings").forEach(timing -> timing.path("rows").forEach(row -> assertTrue(
                codes.contains(row.path("group").asText()), what + ": the timing group " + row.path("group"))));
    }

    // ---------------------------------------------------------------- helpers

    private void pipe(String cloudEvent) {
        clock.step(Duration.ofMinutes(1));
        var envelope = IngressRecords.accept(validator, cloudEvent, "m-" + (++messages), clock.instant());
        inbound.pipeInput(IngressRecords.record(envelope.familyid(), envelope, clock.instant()));
    }

    private static String excerpt(String body) {
        int at = body.toLowerCase(Locale.ROOT).indexOf(MARK);
        return body.substring(Math.max(0, at - 120), Math.min(body.length(), at + 60));
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
