package org.kith.hub.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.admin.fhir.FhirConsents;
import org.kith.hub.admin.fhir.FhirExtensions;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.schemas.Json;

/**
 * The administration API on a real broker: configuration changes are validated, recorded with who
 * made them and enforced at once; consent officers record and revoke a family's directives within
 * their scope; the dry-run answers what the pipeline then does; four-eyes approval holds a change
 * until a second administrator approves it.
 */
class AdminApiIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    private static final String CLINIC = AgencyAndClinic.CLINIC;
    private static final String AGENCY_TOKEN = "admin-it-agency-token";
    private static final Map<String, String> TOKENS = Map.of(
            "admin-1", "admin-it-administrator", "admin-2", "admin-it-second-administrator",
            "audit-1", "admin-it-auditor", "officer-1", "admin-it-officer",
            "officer-elsewhere", "admin-it-officer-elsewhere", "oncall-1", "admin-it-emergency",
            "ops-1", "admin-it-operator", "scrape-1", "admin-it-scraper");
    private static final String AGREEMENTS = "/v1/admin/agreements";
    private static final String RULES = "/v1/admin/routing-rules";

    @Test
    void configurationChangesAreCheckedRecordedAndEnforcedAtOnce(@TempDir Path dir) throws Exception {
        try (var clinic = PartnerWebhookServer.start("/kith");
             Hub hub = Hub.start(HubConfig.from(settings(dir, clinic, false), Map.of(), Map.of()), Clock.systemUTC())) {
            var api = new AdminHttp(hub.httpPort());
            JsonNode agreements = AdminHttp.json(api.get(AGREEMENTS, token("audit-1")));
            assertEquals(1, agreements.get("agreements").size(), agreements.toString());
            ObjectNode mou = (ObjectNode) agreements.at("/agreements/0");
            String id = mou.get("id").asText();

            ObjectNode backwards = mou.deepCopy().put("id", "MOU-backwards").put("effective", "2026-06-01")
                    .put("expires", "2026-05-31");
            HttpResponse<String> refused = api.put(AGREEMENTS + "/MOU-backwards", token("admin-1"), backwards.toString());
            assertEquals(422, refused.statusCode(), refused.body());
            assertEquals("/expires", Json.mapper().readTree(refused.body()).at("/violations/0/pointer").asText());
            ObjectNode strangers = mou.deepCopy().put("id", "MOU-strangers");
            strangers.putArray("parties").add(AGENCY).add("nobody-we-know");
            HttpResponse<String> unknown = api.put(AGREEMENTS + "/MOU-strangers", token("admin-1"), strangers.toString());
            assertEquals(422, unknown.statusCode());
            assertEquals("/parties/1", Json.mapper().readTree(unknown.body()).at("/violations/0/pointer").asText());
            assertEquals(422, api.put(RULES + "/RR-x", token("admin-1"),
                    "{\"messageTypes\": [\"referral\"], \"to\": [\"nobody-we-know\"]}").statusCode());
            assertEquals(400, api.put(RULES + "/RR-x", token("admin-1"), "{not json").statusCode());
            assertEquals(403, api.put(AGREEMENTS + "/" + id, token("audit-1"), mou.toString()).statusCode());
            assertEquals(401, api.put(AGREEMENTS + "/" + id, null, mou.toString()).statusCode());
            assertEquals(404, api.get(AGREEMENTS + "/MOU-backwards", token("audit-1")).statusCode(),
                    "a refused change changes nothing");

            var agency = AgencyAndClinic.agency(hub.httpPort(), AGENCY_TOKEN);
            assertEquals(202, agency.publish(DemoMessages.profile(AGENCY, "F-1")).statusCode());
            assertEquals(202, agency.publish(DemoMessages.consent(AGENCY, "F-1", "D-1", CLINIC)).statusCode());
            String referral = DemoMessages.referral(AGENCY, "F-1", "R-1", CLINIC);
            await().atMost(DEADLINE).until(() -> outcome(api, referral), "permit"::equals);

            // the only agreement ends: the dry-run and the pipeline both withhold for want of one
            assertEquals(200, api.delete(AGREEMENTS + "/" + id, token("admin-1")).statusCode());
            await().atMost(DEADLINE).until(() -> outcome(api, referral), "deny"::equals);
            JsonNode verdict = dryRun(api, referral).at("/recipients/0");
            assertTrue(verdict.get("withheld").toString().contains("no-agreement"), verdict.toString());
            assertEquals(202, agency.publish(referral).statusCode());
            JsonNode withheld = await().atMost(DEADLINE).until(() -> accounting(api, "F-1"), e -> e.size() == 1).get(0);
            assertEquals("deny", withheld.get("outcome").asText());
            assertEquals(verdict.get("withheld"), withheld.get("withheld"), "the dry-run said what the pipeline did");

            assertEquals(200, api.put(AGREEMENTS + "/" + id, token("admin-1"), mou.toString()).statusCode());
            await().atMost(DEADLINE).until(() -> outcome(api, referral), "permit"::equals);
            // the history is kept by the core from the change's ledger notice, not from the config topic the
            // dry-run reads: it follows on its own time
            JsonNode history = await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get(AGREEMENTS + "/" + id + "/history",
                    token("audit-1"))).get("history"), h -> h.size() == 3);
            List<String> actions = Json.mapper().convertValue(history.findValuesAsText("action"), List.class);
            assertEquals(List.of("config-set", "config-delete", "config-set"), actions, history.toString());
            assertEquals("admin-1", history.get(1).get("actor").asText());
            assertEquals(mou, history.get(1).get("before"), "the history keeps the object as it was");
            assertFalse(history.get(1).has("after"));
            assertEquals(mou, history.get(2).get("after"));
        }
    }

    @Test
    void consentOfficersRecordAndRevokeWithinTheirScope(@TempDir Path dir) throws Exception {
        try (var clinic = PartnerWebhookServer.start("/kith");
             Hub hub = Hub.start(HubConfig.from(settings(dir, clinic, false), Map.of(), Map.of()), Clock.systemUTC())) {
            var api = new AdminHttp(hub.httpPort());
            var agency = AgencyAndClinic.agency(hub.httpPort(), AGENCY_TOKEN);
            assertEquals(202, agency.publish(DemoMessages.profile(AGENCY, "F-1")).statusCode());
            String directives = AdminRoutes.FAMILIES + "/F-1/directives";
            await().atMost(DEADLINE).until(() -> api.get(directives, token("officer-1")).statusCode(), s -> s == 200);
            assertEquals(404, api.get(directives, token("officer-elsewhere")).statusCode(), "another agency's family");
            assertEquals(404, api.get(AdminRoutes.FAMILIES + "/F-1/accounting", token("officer-elsewhere")).statusCode());

            JsonNode directive = data(DemoMessages.consent(AGENCY, "F-1", "D-1", CLINIC));
            // recorded as the FHIR R4 Consent another consent system would send
            HttpResponse<String> recorded = api.send("POST", directives, token("officer-1"),
                    FhirConsents.toFhir("F-1", directive, Optional.empty()), "application/fhir+json");
            assertEquals(202, recorded.statusCode(), recorded.body());
            assertEquals("D-1", Json.mapper().readTree(recorded.body()).get("directiveId").asText());
            assertEquals(404, api.post(directives, token("officer-elsewhere"), directive.toString()).statusCode());
            assertEquals(403, api.post(directives, token("audit-1"), directive.toString()).statusCode());
            ObjectNode stranger = directive.deepCopy();
            ((ObjectNode) stranger.put("directiveId", "D-2").get("grantor")).put("personId", "F-1-X9");
            HttpResponse<String> noAuthority = api.post(directives, token("officer-1"), stranger.toString());
            assertEquals(422, noAuthority.statusCode(), "a grantor the family's profile does not know");
            JsonNode violation = Json.mapper().readTree(noAuthority.body()).at("/violations/0");
            assertEquals("/grantor", violation.get("pointer").asText(), noAuthority.body());
            assertTrue(violation.get("message").asText().contains("1 of the directive's subjects"), noAuthority.body());
            assertFalse(noAuthority.body().contains("F-1-C1"), "a refusal names no submitted id: " + noAuthority.body());

            JsonNode listed = await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get(directives, token("audit-1"))),
                    list -> list.path("directives").size() == 1).at("/directives/0");
            assertEquals("active", listed.get("status").asText());
            assertEquals(AGENCY, listed.get("recordedBy").asText());
            assertEquals(directive, listed.get("data"), "the FHIR Consent became the directive it describes");
            JsonNode bundle = Json.mapper().readTree(api.get(directives + "?format=fhir", token("audit-1")).body());
            assertEquals("Bundle", bundle.get("resourceType").asText());
            assertEquals("active", bundle.at("/entry/0/resource/status").asText(), bundle.toString());
            assertEquals(422, api.send("POST", directives, token("officer-1"), "{\"resourceType\": \"Patient\"}",
                    "application/fhir+json").statusCode(), "only a Consent is a directive");
            String faulty = FhirConsents.toFhir("F-1", directive, Optional.empty())
                    .replace("\"status\":\"active\"", "\"status\":\"draft\"")
                    .replace("\"sourceAttachment\":{", "\"sourceAttachment\":{\"url\":\"https://example.org/f.pdf\",");
            HttpResponse<String> refused = api.send("POST", directives, token("officer-1"), faulty, "application/fhir+json");
            assertEquals(422, refused.statusCode(), refused.body());
            assertEquals(List.of("/sourceAttachment/url", "/status"), Json.mapper().readTree(refused.body())
                    .get("violations").findValuesAsText("pointer"), "every fault in one answer: " + refused.body());
            HttpResponse<String> definition = api.get(AdminRoutes.FHIR_DEFINITIONS + "/familyId", null);
            assertEquals(200, definition.statusCode(), "served to anyone, as the OpenAPI document is");
            assertEquals(FhirExtensions.url("familyId"), Json.mapper().readTree(definition.body()).get("url").asText());
            assertEquals(404, api.get(AdminRoutes.FHIR_DEFINITIONS + "/nickname", null).statusCode());

            String referral = DemoMessages.referralWithFamilyContact(AGENCY, "F-1", "R-1", CLINIC);
            JsonNode verdict = await().atMost(DEADLINE).until(() -> dryRun(api, referral).at("/recipients/0"),
                    v -> "redact".equals(v.path("outcome").asText()));
            assertTrue(verdict.get("explanation").asText().contains("D-1"), verdict.toString());
            assertFalse(verdict.at("/copy").toString().contains("familyContact"), "the copy lacks what is withheld");
            assertEquals(202, agency.publish(referral).statusCode());
            JsonNode decided = await().atMost(DEADLINE).until(() -> accounting(api, "F-1"), e -> e.size() == 1).get(0);
            assertEquals(verdict.get("outcome"), decided.get("outcome"), "the dry-run said what the pipeline did");
            assertEquals(verdict.get("withheld"), decided.get("withheld"));
            assertEquals(verdict.get("disclosed"), decided.get("categories"));

            HttpResponse<String> revoked = api.post(directives + "/D-1/revoke", token("officer-1"),
                    "{\"revokedBy\": {\"personId\": \"F-1-P1\", \"capacity\": \"parent\"}, \"reason\": \"family asked\"}");
            assertEquals(202, revoked.statusCode(), revoked.body());
            await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get(directives + "/D-1", token("officer-1")))
                    .get("status").asText(), "revoked"::equals);
            assertEquals("deny", dryRun(api, referral).at("/recipients/0/outcome").asText());
            JsonNode steps = await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get(directives + "/D-1/history",
                    token("audit-1"))).get("history"), h -> h.size() == 4);
            assertEquals(List.of("permit", "consent-directive-submitted", "revoked", "consent-revocation-submitted"),
                    Json.mapper().convertValue(steps.findValuesAsText("action"), List.class), steps.toString());
            assertEquals(List.of(AGENCY, "officer-1", AGENCY, "officer-1"),
                    Json.mapper().convertValue(steps.findValuesAsText("actor"), List.class), "who recorded each step");

            JsonNode emergency = data(DemoMessages.emergency(AGENCY, "F-1", "LA-1", CLINIC, java.time.Instant.now()));
            assertEquals(403, api.post(AdminRoutes.FAMILIES + "/F-1/authorities", token("officer-1"), emergency.toString())
                    .statusCode(), "break-glass needs the emergency role");
            assertEquals(403, api.post(AdminRoutes.FAMILIES + "/F-1/emergency", token("officer-1"), emergency.toString())
                    .statusCode());
            assertEquals(202, api.post(AdminRoutes.FAMILIES + "/F-1/emergency", token("oncall-1"), emergency.toString())
                    .statusCode());
            await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get(AdminRoutes.FAMILIES + "/F-1/authorities",
                    token("officer-1"))).path("authorities").size(), n -> n == 1);
            assertTrue(List.of("permit", "redact").contains(dryRun(api, referral).at("/recipients/0/outcome").asText()),
                    "the emergency lets the referral go again");
        }
    }

    @Test
    void aSecondAdministratorApprovesOrRejectsWithFourEyesOn(@TempDir Path dir) throws Exception {
        try (var clinic = PartnerWebhookServer.start("/kith");
             Hub hub = Hub.start(HubConfig.from(settings(dir, clinic, true), Map.of(), Map.of()), Clock.systemUTC())) {
            var api = new AdminHttp(hub.httpPort());
            String rule = "{\"messageTypes\": [\"referral\"], \"senderKinds\": [\"child-welfare\"], \"to\": [\"" + CLINIC + "\"]}";
            HttpResponse<String> asked = api.put(RULES + "/RR-clinic", token("admin-1"), rule);
            assertEquals(202, asked.statusCode(), asked.body());
            String changeId = Json.mapper().readTree(asked.body()).get("pending").asText();
            await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get("/v1/admin/changes", token("audit-1")))
                    .path("pending").size(), n -> n == 1);
            assertEquals(404, api.get(RULES + "/RR-clinic", token("audit-1")).statusCode(), "not applied yet");
            assertEquals(403, api.post("/v1/admin/changes/" + changeId + "/approve", token("admin-1"), "").statusCode(),
                    "not by the one who asked");
            assertEquals(200, api.post("/v1/admin/changes/" + changeId + "/approve", token("admin-2"), "").statusCode());
            await().atMost(DEADLINE).until(() -> api.get(RULES + "/RR-clinic", token("audit-1")).statusCode(), s -> s == 200);
            JsonNode history = await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get(RULES + "/RR-clinic/history",
                    token("audit-1"))).get("history"), h -> h.findValuesAsText("action").contains("config-set"));
            JsonNode applied = history.get(history.size() - 1);
            assertEquals("admin-2", applied.get("actor").asText());
            assertEquals("admin-1", applied.get("requestedBy").asText());

            String second = Json.mapper().readTree(api.delete(RULES + "/RR-clinic", token("admin-1")).body())
                    .get("pending").asText();
            await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get("/v1/admin/changes", token("audit-1")))
                    .path("pending").size(), n -> n == 1);
            assertEquals(200, api.post("/v1/admin/changes/" + second + "/reject", token("admin-1"), "").statusCode());
            await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get("/v1/admin/changes", token("audit-1")))
                    .path("pending").size(), n -> n == 0);
            assertEquals(200, api.get(RULES + "/RR-clinic", token("audit-1")).statusCode(), "a rejected change changes nothing");
            assertEquals(404, api.post("/v1/admin/changes/" + second + "/approve", token("admin-2"), "").statusCode());
        }
    }

    @Test
    void aPartnerRegisteredThroughTheApiIsEnforcedAndDeliveredToAtOnce(@TempDir Path dir) throws Exception {
        try (var clinic = PartnerWebhookServer.start("/kith");
             var housing = PartnerWebhookServer.start("/in");
             Hub hub = Hub.start(HubConfig.from(settings(dir, clinic, false), Map.of(), Map.of()), Clock.systemUTC())) {
            var api = new AdminHttp(hub.httpPort());
            ObjectNode mou = (ObjectNode) AdminHttp.json(api.get(AGREEMENTS, token("audit-1"))).at("/agreements/0")
                    .deepCopy();
            mou.put("id", "MOU-housing").putArray("parties").add(AGENCY).add("lakeside-housing");
            assertEquals(422, api.put(AGREEMENTS + "/MOU-housing", token("admin-1"), mou.toString()).statusCode(),
                    "not a partner yet");

            String entry = "{\"kind\": \"housing\", \"name\": \"Lakeside Housing\", \"webhook\": \""
                    + housing.url("/in") + "\", \"tokenSha256\": \"" + PartnerRegistry.sha256("housing-token") + "\"}";
            assertEquals(403, api.put("/v1/admin/partners/lakeside-housing", token("audit-1"), entry).statusCode());
            assertEquals(422, api.put("/v1/admin/partners/lakeside-housing", token("admin-1"),
                    entry.replace("housing\",", "shelter\",")).statusCode(), "an unknown kind");
            assertEquals(422, api.put("/v1/admin/partners/lakeside-housing", token("admin-1"),
                    entry.replace(PartnerRegistry.sha256("housing-token"), PartnerRegistry.sha256(AGENCY_TOKEN)))
                    .statusCode(), "another partner's token");
            JsonNode registered = AdminHttp.json(api.put("/v1/admin/partners/lakeside-housing", token("admin-1"), entry));
            assertEquals(true, registered.get("token").asBoolean());
            assertFalse(registered.toString().contains(PartnerRegistry.sha256("housing-token")), "never the token hash");
            // a change is answered once this instance reads it back: the next request sees the partner
            assertEquals(200, api.put(AGREEMENTS + "/MOU-housing", token("admin-1"), mou.toString()).statusCode());

            var agency = AgencyAndClinic.agency(hub.httpPort(), AGENCY_TOKEN);
            assertEquals(202, agency.publish(DemoMessages.profile(AGENCY, "F-7")).statusCode());
            assertEquals(202, agency.publish(DemoMessages.consent(AGENCY, "F-7", "D-7", "lakeside-housing")).statusCode());
            assertEquals(202, agency.publish(DemoMessages.referral(AGENCY, "F-7", "R-7", "lakeside-housing")).statusCode());
            var delivery = await().atMost(DEADLINE).until(housing::deliveries, d -> !d.isEmpty()).get(0);
            assertTrue(delivery.body().contains("R-7"), "the new partner's webhook got the referral, no restart");

            HttpResponse<String> inUse = api.delete("/v1/admin/partners/lakeside-housing", token("admin-1"));
            assertEquals(409, inUse.statusCode());
            assertTrue(inUse.body().contains("MOU-housing"), inUse.body());
            assertEquals(200, api.delete(AGREEMENTS + "/MOU-housing", token("admin-1")).statusCode());
            assertEquals(200, api.delete("/v1/admin/partners/lakeside-housing", token("admin-1")).statusCode(),
                    "the agreement's removal is read back before it is answered");
            await().atMost(DEADLINE).until(() -> outcome(api, DemoMessages.referral(AGENCY, "F-7", "R-8",
                    "lakeside-housing")), "unknown-recipient"::equals);
            JsonNode history = await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get(
                    "/v1/admin/partners/lakeside-housing/history", token("audit-1"))).get("history"),
                    h -> h.findValuesAsText("action").contains("partner-remove"));
            assertEquals(List.of("partner-set", "partner-remove"),
                    Json.mapper().convertValue(history.findValuesAsText("action"), List.class));
            assertFalse(history.toString().contains(PartnerRegistry.sha256("housing-token")), "no token hash in the ledger");
        }
    }

    /**
     * Every operation the OpenAPI document lists, called as every role: without a token 401, with a
     * role it does not admit 403, with one it admits never either (OWASP API5, broken function-level
     * authorisation). The document itself is served to anyone.
     */
    @Test
    void everyOperationAdmitsExactlyTheRolesItsDocumentNames(@TempDir Path dir) throws Exception {
        try (var clinic = PartnerWebhookServer.start("/kith");
             Hub hub = Hub.start(HubConfig.from(settings(dir, clinic, false), Map.of(), Map.of()), Clock.systemUTC())) {
            var api = new AdminHttp(hub.httpPort());
            HttpResponse<String> document = api.get(AdminRoutes.OPENAPI, null);
            assertEquals(200, document.statusCode());
            Map<String, String> asRole = Map.of("administrator", "admin-1", "auditor", "audit-1",
                    "consent-officer", "officer-1", "operator", "ops-1", "emergency", "oncall-1", "metrics", "scrape-1");
            int checked = 0;
            var paths = Json.mapper().readTree(document.body()).get("paths").fields();
            while (paths.hasNext()) {
                var path = paths.next();
                String concrete = path.getKey().replace("{familyId}", "F-roles").replace("{directiveId}", "D-x")
                        .replace("{authorityId}", "A-x").replace("{offset}", "0")
                        .replace("{changeId}", "00000000-0000-0000-0000-000000000000").replace("{id}", "nobody-x")
                        .replace("{draftId}", "service:nobody-x");
                var operations = path.getValue().fields();
                while (operations.hasNext()) {
                    var operation = operations.next();
                    String method = operation.getKey().toUpperCase();
                    String what = method + " " + path.getKey();
                    if (!operation.getValue().has("x-kith-roles")) { // served to anyone (this document, FHIR definitions)
                        assertTrue(operation.getValue().get("security").isEmpty(), what + " names no role, so is public");
                        continue;
                    }
                    List<String> admitted = Json.mapper().convertValue(operation.getValue().get("x-kith-roles"), List.class);
                    assertEquals(401, api.send(method, concrete, null, null, null).statusCode(), what + " without a token");
                    for (var role : asRole.entrySet()) {
                        int status = api.send(method, concrete, token(role.getValue()), null, null).statusCode();
                        if (admitted.contains(role.getKey())) {
                            assertTrue(status != 401 && status != 403, what + " as " + role.getKey() + ": " + status);
                        } else {
                            assertEquals(403, status, what + " as " + role.getKey());
                        }
                    }
                    checked++;
                }
            }
            assertEquals(48, checked, "every documented operation behind the role gate was called");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String outcome(AdminHttp api, String message) {
        return dryRun(api, message).at("/recipients/0/outcome").asText();
    }

    private static JsonNode dryRun(AdminHttp api, String message) {
        return AdminHttp.json(api.send("POST", "/v1/admin/dry-run", token("admin-1"), message,
                "application/cloudevents+json"));
    }

    private static JsonNode accounting(AdminHttp api, String familyId) {
        return AdminHttp.json(api.get(AdminRoutes.FAMILIES + "/" + familyId + "/accounting", token("audit-1")))
                .path("entries");
    }

    private static JsonNode data(String event) throws IOException {
        return Json.mapper().readTree(event).get("data");
    }

    private static String token(String user) {
        return TOKENS.get(user);
    }

    private static Map<String, String> settings(Path dir, PartnerWebhookServer clinic, boolean fourEyes) throws IOException {
        Map<String, String> settings = AgencyAndClinic.write(dir, AGENCY_TOKEN, clinic.url("/kith"));
        Files.writeString(dir.resolve("users.json"), """
                {"users": [
                  {"id": "admin-1", "roles": ["administrator"], "tokenSha256": "%s"},
                  {"id": "admin-2", "roles": ["administrator"], "tokenSha256": "%s"},
                  {"id": "audit-1", "roles": ["auditor"], "tokenSha256": "%s"},
                  {"id": "officer-1", "roles": ["consent-officer"], "agencies": ["%s"], "tokenSha256": "%s"},
                  {"id": "officer-elsewhere", "roles": ["consent-officer"], "agencies": ["other-county-cw"], "tokenSha256": "%s"},
                  {"id": "oncall-1", "roles": ["emergency"], "tokenSha256": "%s"},
                  {"id": "ops-1", "roles": ["operator"], "tokenSha256": "%s"},
                  {"id": "scrape-1", "roles": ["metrics"], "tokenSha256": "%s"}]}
                """.formatted(hash("admin-1"), hash("admin-2"), hash("audit-1"), AGENCY, hash("officer-1"),
                hash("officer-elsewhere"), hash("oncall-1"), hash("ops-1"), hash("scrape-1")));
        settings.putAll(Map.of(
                HubOption.BOOTSTRAP_SERVERS.key(), KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED),
                HubOption.TOPIC_PREFIX.key(), KafkaBrokers.uniquePrefix("admin"),
                HubOption.TOPIC_PARTITIONS.key(), "2",
                HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                HubOption.USERS_FILE.key(), dir.resolve("users.json").toString(),
                HubOption.HTTP_PORT.key(), "0",
                HubOption.COMMIT_INTERVAL_MS.key(), "50",
                HubOption.ADMIN_FOUR_EYES.key(), String.valueOf(fourEyes)));
        return settings;
    }

    private static String hash(String user) {
        return PartnerRegistry.sha256(token(user));
    }
}
