package org.kith.hub.referral;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.admin.AdminRoutes;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.edge.ReferralRoutes;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.schemas.Json;
import org.kith.hub.testing.RunsAlone;

/**
 * The closed referral loop on a real broker through the hub's real HTTP edges: a county agency
 * refers to a counseling clinic and a substance use treatment program, which answer through the
 * REST ingress; every path (accept, decline then transfer, waitlist then accept, complete with
 * outcome, cancel); status back to the referrer only under consent (a neutral update otherwise,
 * always from the Part 2 program without a named substance-use consent); capacity reports; the
 * partner referral API; service gaps, the partnership's measures (suppressed, by role) and the
 * operators' metrics; and an SLA alert that
 * survives a restart of the hub in the middle of its window.
 */
@RunsAlone
class ReferralLoopIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String AGENCY = "county-cw";
    private static final String CLINIC = "riverside-clinic";
    private static final String PROGRAM = "harbor-recovery";
    private static final Map<String, String> TOKENS = Map.of(AGENCY, "loop-agency-token", CLINIC, "loop-clinic-token",
            PROGRAM, "loop-program-token");
    private static final String AUDITOR_TOKEN = "loop-auditor-token";
    private static final String OPERATOR_TOKEN = "loop-operator-token";
    private static final String ADMINISTRATOR_TOKEN = "loop-administrator-token";
    private static final String CONSENT_OFFICER_TOKEN = "loop-consent-officer-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyPathOfAReferralClosesTheLoopUnderConsent(@TempDir Path dir) throws Exception {
        Map<String, String> settings = settings(dir, "loop", "PT1H", "P1D");
        try (Hub hub = Hub.start(HubConfig.from(settings, Map.of(), Map.of()), Clock.systemUTC());
             var agencyStatus = new TopicWatch(hub.bootstrapServers(), hub.topics().status(AGENCY));
             var agencyInbox = new TopicWatch(hub.bootstrapServers(), hub.topics().outbound(AGENCY))) {
            AgencySystem agency = system(hub, AGENCY);
            AgencySystem clinic = system(hub, CLINIC);
            AgencySystem program = system(hub, PROGRAM);
            publish(agency, DemoMessages.profile(AGENCY, "F-1"));
            publish(agency, DemoMessages.consent(AGENCY, "F-1", "D-clinic", CLINIC));
            publish(agency, DemoMessages.consent(AGENCY, "F-1", "D-program", PROGRAM));
            DemoMessages.statusConsent(AGENCY, "F-1", "D-back", CLINIC, AGENCY).forEach(m -> publish(agency, m));

            // capacity: the program reports it is full; a referral to it is flagged to the county at once
            assertEquals(200, put(hub, ReferralRoutes.CAPACITY, TOKENS.get(PROGRAM),
                    "{\"serviceType\": \"mental-health\", \"status\": \"full\", \"asOf\": \"2026-11-23T08:00:00Z\"}").statusCode());
            assertEquals(400, put(hub, ReferralRoutes.CAPACITY, TOKENS.get(PROGRAM), "{\"status\": \"open\"}").statusCode());
            assertEquals(401, put(hub, ReferralRoutes.CAPACITY, "nobody", "{}").statusCode());

            // accept, in progress, complete with outcome, close: the county sees each step (the family agreed)
            publish(agency, DemoMessages.referral(AGENCY, "F-1", "R-accept", CLINIC));
            for (String[] step : new String[][]{{"accepted", null}, {"in-progress", null},
                    {"completed", "\"outcome\": \"goals-met\""}}) {
                publish(clinic, DemoMessages.referralStatus(CLINIC, "F-1", "R-accept", step[0], step[1]));
            }
            publish(agency, DemoMessages.referralStatus(AGENCY, "F-1", "R-accept", "closed", null));
            agencyInbox.await(values -> values.stream().filter(v -> v.contains("\"completed\"")).count() == 1);
            JsonNode accepted = lookup(hub, AGENCY, "F-1", "R-accept").get(0);
            await().atMost(DEADLINE).until(() -> lookup(hub, AGENCY, "F-1", "R-accept").get(0).get("state").asText(),
                    "closed"::equals);
            assertEquals(List.of("requested", "accepted", "in-progress", "completed", "closed"),
                    states(lookup(hub, CLINIC, "F-1", "R-accept").get(0)));
            assertEquals(AGENCY, accepted.get("referrer").asText());
            assertEquals(404, get(hub, ReferralRoutes.REFERRALS + "/F-1/R-accept", TOKENS.get(PROGRAM)).statusCode(),
                    "a partner outside the referral cannot even learn it exists");

            // waitlisted then accepted
            publish(agency, DemoMessages.referral(AGENCY, "F-1", "R-wait", CLINIC));
            publish(clinic, DemoMessages.referralStatus(CLINIC, "F-1", "R-wait", "waitlisted",
                    "\"waitlist\": {\"position\": 2, \"estimatedWaitDays\": 40}"));
            publish(clinic, DemoMessages.referralStatus(CLINIC, "F-1", "R-wait", "accepted", null));
            await().atMost(DEADLINE).until(() -> states(lookup(hub, AGENCY, "F-1", "R-wait").get(0)),
                    s -> s.equals(List.of("requested", "waitlisted", "accepted")));

            // to the full program: flagged; the program declines for capacity; the county re-sends to the clinic
            publish(agency, DemoMessages.referral(AGENCY, "F-1", "R-first", PROGRAM)
                    .replace("\"urgency\": \"routine\",", "\"urgency\": \"routine\", \"familyContact\": {\"address\": {\"area\": \"north-county\"}},"));
            JsonNode flagged = agencyStatus.awaitJson(n -> PROGRAM.equals(n.path("recipient").asText())
                    && n.path("outcome").asText().startsWith("forwarded"));
            assertEquals("full", flagged.path("capacity").asText(), flagged.toString());
            publish(program, DemoMessages.referralStatus(PROGRAM, "F-1", "R-first", "declined", "\"reasonCode\": \"no-capacity\""));
            JsonNode neutral = agencyStatus.awaitJson(n -> "referral-updated".equals(n.path("outcome").asText())
                    && "R-first".equals(n.path("referralId").asText()));
            assertEquals(PROGRAM, neutral.get("recipient").asText(), "the Part 2 program's answer is not shared, only that it answered");
            assertEquals("updated", lookup(hub, AGENCY, "F-1", "R-first").get(0).get("state").asText());
            publish(agency, DemoMessages.referral(AGENCY, "F-1", "R-second", CLINIC)
                    .replace("\"referralId\": \"R-second\"", "\"referralId\": \"R-second\", \"previousReferralId\": \"R-first\""));
            await().atMost(DEADLINE).until(() -> lookup(hub, AGENCY, "F-1", "R-first").get(0).path("nextReferralIds").toString(),
                    "[\"R-second\"]"::equals);
            assertEquals("R-first", lookup(hub, CLINIC, "F-1", "R-second").get(0).get("previousReferralId").asText());
            // the waitlist above is a long wait; the decline is a gap too, in an area the family did not let count
            // (no consent for evaluation; the program's copy did not even carry the family's contact)
            JsonNode table = await().atMost(DEADLINE).until(
                    () -> Json.mapper().readTree(get(hub, AdminRoutes.SERVICE_GAPS, AUDITOR_TOKEN).body()),
                    gaps -> gaps.path("serviceGaps").findValuesAsText("reason").contains("no-capacity"));
            JsonNode decline = StreamSupport.stream(table.path("serviceGaps").spliterator(), false)
                    .filter(gap -> "no-capacity".equals(gap.path("reason").asText())).findFirst().orElseThrow();
            assertEquals("mental-health", decline.path("serviceType").asText(), table.toString());
            assertEquals("not-shared", decline.path("area").asText(), table.toString());
            assertEquals(1, decline.path("count").asLong());
            assertFalse(table.toString().contains("F-1"), "no family in the aggregate");
            assertEquals(403, get(hub, AdminRoutes.SERVICE_GAPS, OPERATOR_TOKEN).statusCode());

            // cancelled by the county; the clinic can no longer accept it
            publish(agency, DemoMessages.referral(AGENCY, "F-1", "R-cancel", CLINIC));
            publish(agency, DemoMessages.referralStatus(AGENCY, "F-1", "R-cancel", "cancelled", "\"reasonCode\": \"family-declined\""));
            await().atMost(DEADLINE).until(() -> lookup(hub, CLINIC, "F-1", "R-cancel").get(0).get("state").asText(),
                    "cancelled"::equals);
            publish(clinic, DemoMessages.referralStatus(CLINIC, "F-1", "R-cancel", "accepted", null));
            try (var clinicStatus = new TopicWatch(hub.bootstrapServers(), hub.topics().status(CLINIC))) {
                JsonNode refused = clinicStatus.awaitJson(n -> "refused".equals(n.path("outcome").asText()));
                assertTrue(refused.get("reason").asText().contains("from cancelled to accepted"), refused.toString());
            }
            assertEquals("cancelled", lookup(hub, CLINIC, "F-1", "R-cancel").get(0).get("state").asText());

            measuresAreSuppressedAndShownOnlyToTheirReaders(hub);
        }
    }

    /**
     * The five referrals above, as the partnership's measures (threshold 2 here): the auditor and the
     * administrator read all of them in JSON, CSV and HTML; a partner only the referrals it sent or
     * received; an operator and a consent officer none. The operators' metrics count what the hub did.
     */
    private void measuresAreSuppressedAndShownOnlyToTheirReaders(Hub hub) throws Exception {
        JsonNode report = await().atMost(DEADLINE).until(
                () -> Json.mapper().readTree(get(hub, AdminRoutes.MEASURES, AUDITOR_TOKEN).body()),
                json -> table(json, "referrals-by-service").path("grandTotal").asLong() == 5);
        assertEquals(List.of("mental-health"), texts(table(report, "referrals-by-service").get("rows")));
        table(report, "referrals-by-service").get("cells").get(0).forEach(cell ->
                assertTrue(cell.isNull() || cell.asLong() == 0, "each state holds one referral: every count withheld"));
        assertEquals(List.of(AGENCY + " \u2192 " + PROGRAM, AGENCY + " \u2192 " + CLINIC),
                texts(table(report, "referrals-by-pair").get("rows")));
        assertFalse(report.toString().contains("F-1") || report.toString().contains("R-accept"), "no family, no referral");
        assertEquals(200, get(hub, AdminRoutes.MEASURES, ADMINISTRATOR_TOKEN).statusCode());
        assertEquals(403, get(hub, AdminRoutes.MEASURES, OPERATOR_TOKEN).statusCode());
        assertEquals(403, get(hub, AdminRoutes.MEASURES, CONSENT_OFFICER_TOKEN).statusCode());
        assertEquals(401, get(hub, AdminRoutes.MEASURES, "nobody").statusCode());

        HttpResponse<String> csv = get(hub, AdminRoutes.MEASURES + "?format=csv&from=2020-01&to=2099-12", AUDITOR_TOKEN);
        assertEquals("text/csv; charset=utf-8", csv.headers().firstValue("Content-Type").orElse(""));
        assertTrue(csv.body().startsWith("table_id,row,column,value,suppressed"), csv.body());
        HttpResponse<String> html = get(hub, AdminRoutes.MEASURES + "?format=html", AUDITOR_TOKEN);
        assertTrue(html.body().contains("<svg") && html.body().contains("Referrals by service type"), html.body());
        HttpResponse<String> bad = get(hub, AdminRoutes.MEASURES + "?format=pdf", AUDITOR_TOKEN);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("'format' must be one of"), bad.body());

        JsonNode programView = Json.mapper().readTree(get(hub, ReferralRoutes.MEASURES, TOKENS.get(PROGRAM)).body());
        assertEquals(List.of(AGENCY + " \u2192 " + PROGRAM), texts(table(programView, "referrals-by-pair").get("rows")));
        assertFalse(programView.toString().contains(CLINIC), "nothing of the clinic's referrals");
        assertEquals(401, get(hub, ReferralRoutes.MEASURES, "nobody").statusCode());

        String metrics = await().atMost(DEADLINE).until(() -> get(hub, AdminRoutes.METRICS, OPERATOR_TOKEN).body(),
                body -> body.contains("kith_ledger_checkpoint_age_seconds"));
        for (String metric : List.of("kith_messages_in_total{type=\"referral\"}", "kith_decisions_total{outcome=\"permit\"}",
                "kith_copies_out_total", "kith_deadletters_total{reason=\"refused\"}", "records_lag_max")) {
            assertTrue(metrics.contains(metric), metric + " in " + metrics);
        }
        assertFalse(metrics.contains("F-1") || metrics.contains("R-accept"), "no family or referral in a metric");
    }

    /** The table with this id in a report, or an empty one. */
    private static JsonNode table(JsonNode report, String id) {
        for (JsonNode table : report.path("tables")) {
            if (table.path("id").asText().equals(id)) {
                return table;
            }
        }
        return Json.mapper().createObjectNode();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    @Test
    void anSlaAlertSurvivesARestartInTheMiddleOfItsWindow(@TempDir Path dir) throws Exception {
        Duration receipt = Duration.ofSeconds(20);
        Map<String, String> settings = settings(dir, "loop-sla", "PT20S", "PT30S");
        Instant sent;
        Instant receiptDue;
        String bootstrap;
        String statusTopic;
        try (Hub hub = Hub.start(HubConfig.from(settings, Map.of(), Map.of()), Clock.systemUTC());
             var agencyStatus = new TopicWatch(hub.bootstrapServers(), hub.topics().status(AGENCY))) {
            bootstrap = hub.bootstrapServers();
            statusTopic = hub.topics().status(AGENCY);
            AgencySystem agency = system(hub, AGENCY);
            AgencySystem clinic = system(hub, CLINIC);
            publish(agency, DemoMessages.profile(AGENCY, "F-9"));
            publish(agency, DemoMessages.consent(AGENCY, "F-9", "D-9", CLINIC));
            publish(agency, DemoMessages.referral(AGENCY, "F-9", "R-late", CLINIC));
            publish(agency, DemoMessages.referral(AGENCY, "F-9", "R-ontime", CLINIC));
            publish(clinic, DemoMessages.referralStatus(CLINIC, "F-9", "R-ontime", "received", null));
            JsonNode forwarded = agencyStatus.awaitJson(n -> "forwarded".equals(n.path("outcome").asText()));
            sent = Instant.parse(forwarded.get("at").asText());
            await().atMost(DEADLINE).until(() -> lookup(hub, CLINIC, "F-9", "R-ontime").get(0).get("state").asText(),
                    "received"::equals);
            receiptDue = Instant.parse(lookup(hub, AGENCY, "F-9", "R-late").get(0).get("receiptDue").asText());
        }
        assertTrue(Instant.now().isBefore(sent.plus(receipt)), "the hub stopped inside the receipt window");
        try (Hub again = Hub.start(HubConfig.from(settings, Map.of(), Map.of()), Clock.systemUTC());
             var agencyStatus = new TopicWatch(bootstrap, statusTopic)) {
            JsonNode unanswered = agencyStatus.awaitJson(n -> "overdue".equals(n.path("outcome").asText())
                    && "not-answered".equals(n.path("reason").asText()) && "R-late".equals(n.path("referralId").asText()));
            List<JsonNode> alerts = agencyStatus.json().stream().filter(n -> "overdue".equals(n.path("outcome").asText())).toList();
            List<String> late = alerts.stream().filter(n -> "R-late".equals(n.path("referralId").asText()))
                    .map(n -> n.get("reason").asText()).toList();
            assertEquals(List.of("not-received", "not-answered"), late, "each alert once, in order, across the restart");
            assertTrue(alerts.stream().noneMatch(n -> "R-ontime".equals(n.path("referralId").asText())
                    && "not-received".equals(n.path("reason").asText())), "a received referral is not reported unreceived");
            JsonNode notReceived = alerts.stream().filter(n -> "not-received".equals(n.path("reason").asText())).findFirst().orElseThrow();
            assertFalse(Instant.parse(notReceived.get("at").asText()).isBefore(receiptDue), "not before its deadline");
            assertTrue(Instant.parse(unanswered.get("at").asText()).isAfter(receiptDue));
            String metrics = await().atMost(DEADLINE).until(() -> get(again, AdminRoutes.METRICS, OPERATOR_TOKEN).body(),
                    body -> body.contains("kith_referrals_overdue_total{alert=\"not-answered\"}"));
            assertFalse(metrics.contains("F-9") || metrics.contains("R-late"), "no family or referral in a metric");
            assertEquals(403, get(again, AdminRoutes.METRICS, AUDITOR_TOKEN).statusCode());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, String> settings(Path dir, String prefix, String receipt, String answer) throws IOException {
        StringBuilder partners = new StringBuilder("{\"partners\": [");
        String[][] kinds = {{AGENCY, "child-welfare"}, {CLINIC, "mental-health"}, {PROGRAM, "substance-use-treatment"}};
        for (int i = 0; i < kinds.length; i++) {
            String id = kinds[i][0];
            partners.append(i == 0 ? "" : ",").append("""
                    {"id": "%s", "kind": "%s", "tokenSha256": "%s", "publicKeys": %s}""".formatted(id, kinds[i][1],
                    PartnerRegistry.sha256(TOKENS.get(id)), AgencyAndClinic.publicKeys(AgencyAndClinic.keyOf(id))));
        }
        Files.writeString(dir.resolve("partners.json"), partners + "]}");
        Files.writeString(dir.resolve("partnership.json"), DemoMessages.partnership(AGENCY, CLINIC, PROGRAM));
        Files.writeString(dir.resolve("users.json"), """
                {"users": [{"id": "audit-1", "roles": ["auditor"], "tokenSha256": "%s"},
                           {"id": "ops-1", "roles": ["operator"], "tokenSha256": "%s"},
                           {"id": "admin-1", "roles": ["administrator"], "tokenSha256": "%s"},
                           {"id": "officer-1", "roles": ["consent-officer"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(AUDITOR_TOKEN), PartnerRegistry.sha256(OPERATOR_TOKEN),
                PartnerRegistry.sha256(ADMINISTRATOR_TOKEN), PartnerRegistry.sha256(CONSENT_OFFICER_TOKEN)));
        Map<String, String> settings = new HashMap<>();
        settings.put(HubOption.PARTNERS_FILE.key(), dir.resolve("partners.json").toString());
        settings.put(HubOption.CONFIG_FILE.key(), dir.resolve("partnership.json").toString());
        settings.put(HubOption.USERS_FILE.key(), dir.resolve("users.json").toString());
        settings.put(HubOption.KEYS_PASSPHRASE.key(), AgencyAndClinic.PASSPHRASE);
        settings.put(HubOption.BOOTSTRAP_SERVERS.key(), KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED));
        settings.put(HubOption.TOPIC_PREFIX.key(), KafkaBrokers.uniquePrefix(prefix));
        settings.put(HubOption.TOPIC_PARTITIONS.key(), "2");
        settings.put(HubOption.DATA_DIR.key(), dir.resolve("data").toString());
        settings.put(HubOption.HTTP_PORT.key(), "0");
        settings.put(HubOption.COMMIT_INTERVAL_MS.key(), "50");
        settings.put(HubOption.REFERRAL_SLA_RECEIPT.key(), receipt);
        settings.put(HubOption.REFERRAL_SLA_ANSWER.key(), answer);
        settings.put(HubOption.REFERRAL_SLA_CHECK_MS.key(), "200");
        settings.put(HubOption.LEDGER_CHECKPOINT_MS.key(), "1000");
        settings.put(HubOption.EVALUATION_THRESHOLD.key(), "2");
        return settings;
    }

    private static AgencySystem system(Hub hub, String partner) {
        return new AgencySystem(hub.httpPort(), TOKENS.get(partner), AgencyAndClinic.keyOf(partner), Clock.systemUTC());
    }

    private static void publish(AgencySystem system, String message) {
        HttpResponse<String> response = system.publish(message);
        assertEquals(202, response.statusCode(), response.body());
    }

    private List<JsonNode> lookup(Hub hub, String partner, String familyId, String referralId) throws Exception {
        HttpResponse<String> response = get(hub, ReferralRoutes.REFERRALS + "/" + familyId + "/" + referralId, TOKENS.get(partner));
        if (response.statusCode() != 200) {
            return List.of(Json.mapper().createObjectNode().put("state", "status " + response.statusCode()));
        }
        List<JsonNode> views = new ArrayList<>();
        Json.mapper().readTree(response.body()).get("referrals").forEach(views::add);
        return views;
    }

    private static List<String> states(JsonNode view) {
        List<String> states = new ArrayList<>();
        view.path("history").forEach(step -> states.add(step.get("state").asText()));
        return states;
    }

    private HttpResponse<String> get(Hub hub, String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path)).GET()
                .header("Authorization", "Bearer " + token);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(Hub hub, String path, String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Everything committed to one topic so far, read from its start; awaited in the test's thread. */
    private static final class TopicWatch implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final List<String> values = new ArrayList<>();

        TopicWatch(String bootstrap, String topic) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "watch-" + java.util.UUID.randomUUID(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(topic));
        }

        List<String> await(Predicate<List<String>> until) {
            org.awaitility.Awaitility.await().atMost(DEADLINE).pollInSameThread().pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                        return until.test(values);
                    });
            return values;
        }

        JsonNode awaitJson(Predicate<JsonNode> which) {
            await(values -> values.stream().map(TopicWatch::json).anyMatch(which));
            return values.stream().map(TopicWatch::json).filter(which).findFirst().orElseThrow();
        }

        List<JsonNode> json() {
            return values.stream().map(TopicWatch::json).toList();
        }

        private static JsonNode json(String value) {
            try {
                return Json.mapper().readTree(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
