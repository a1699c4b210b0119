package org.kith.hub.fhir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.crypto.JwsVerification;
import org.kith.hub.crypto.Verifier;
import org.kith.hub.edge.JwksRoute;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.schemas.Json;

/**
 * The FHIR edge on a real broker through the hub's HTTP edges: a county agency POSTs a Gravity-shaped
 * referral Bundle; a housing provider that asked for FHIR receives it by webhook redacted to what the
 * family consented to (no contact, no demographics), valid R4; it accepts by updating the Task, and
 * the referrer, also a FHIR partner, receives the Task and reads its state; an element the mapping
 * does not know is refused at its FHIRPath, and a partner outside the referral cannot read its Task.
 * (What the hub emits is validated by HAPI in {@link FhirReferralsTest}: one validator per JVM is
 * slow to build, and this JVM need not build a second.)
 */
class FhirReferralIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String AGENCY = "county-cw";
    private static final String HOUSING = "harbor-housing";
    private static final String OUTSIDER = "riverside-clinic";
    private static final String TASK = "/fhir/r4/Task/F-2001.SR-2001";

    @Test
    void aFhirReferralReachesAFhirRecipientRedactedAndItsTaskUpdateReachesTheReferrer(@TempDir Path dir) throws Exception {
        try (var agencyHook = PartnerWebhookServer.start("/");
             var housingHook = PartnerWebhookServer.start("/");
             Hub hub = Hub.start(HubConfig.from(settings(dir, agencyHook, housingHook), Map.of(), Map.of()), Clock.systemUTC())) {
            AgencySystem agency = system(hub, AGENCY);
            AgencySystem housing = system(hub, HOUSING);
            for (String message : List.of(DemoMessages.profile(AGENCY, "F-2001"),
                    DemoMessages.consent(AGENCY, "F-2001", "D-housing", HOUSING))) {
                assertEquals(202, agency.publish(message).statusCode());
            }
            DemoMessages.statusConsent(AGENCY, "F-2001", "D-back", HOUSING, AGENCY)
                    .forEach(message -> assertEquals(202, agency.publish(message).statusCode()));

            // an element the mapping does not know: refused with its FHIRPath, nothing accepted
            ObjectNode withNote = (ObjectNode) Json.mapper().readTree(bundle());
            ((ObjectNode) withNote.at("/entry/1/resource")).putArray("note").addObject().put("text", "after 5pm");
            HttpResponse<String> refused = agency.fhir("POST", "/fhir/r4", withNote.toString());
            assertEquals(422, refused.statusCode(), refused.body());
            assertEquals("Bundle.entry[1].resource.note",
                    Json.mapper().readTree(refused.body()).at("/violations/0/pointer").asText(), refused.body());
            assertEquals(400, agency.fhir("POST", "/fhir/r4", "{\"resourceType\": \"Bundle\", \"entry\": 3}").statusCode());
            var unsigned = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + hub.httpPort() + "/fhir/r4"))
                    .header("Authorization", "Bearer " + AGENCY + "-token").header("Content-Type", "application/fhir+json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(bundle())).build();
            assertEquals(403, java.net.http.HttpClient.newHttpClient().send(unsigned, HttpResponse.BodyHandlers.ofString())
                    .statusCode(), "an unsigned Bundle is refused as any unsigned message");

            HttpResponse<String> accepted = agency.fhir("POST", "/fhir/r4", bundle());
            assertEquals(202, accepted.statusCode(), accepted.body());

            // the recipient asked for FHIR: the redacted Bundle, signed by the hub
            PartnerWebhookServer.Delivery referral = await().atMost(DEADLINE).until(
                    () -> delivered(housingHook), d -> d != null);
            assertEquals("application/fhir+json", referral.contentType());
            assertInstanceOf(JwsVerification.Valid.class, referral.verify(Verifier.fromJwks(
                    agency.fhir("GET", JwksRoute.PATH, null).body())), "signed by the hub over the bytes it sent");
            FhirR4.parse(org.hl7.fhir.r4.model.Bundle.class, referral.bytes()); // strictly, as the hub reads FHIR
            assertTrue(referral.body().contains("Maria") && referral.body().contains("SR-2001"), referral.body());
            for (String withheld : List.of("Orchard Row", "555-0199", "Adams County", "urn:ietf:bcp:47", "female")) {
                assertFalse(referral.body().contains(withheld), withheld + " is withheld by consent");
            }

            // the recipient accepts by updating the Task it received
            JsonNode task = StreamOf.task(referral.body());
            ((ObjectNode) task).put("status", "accepted");
            HttpResponse<String> update = housing.fhir("PUT", TASK, task.toString());
            assertEquals(202, update.statusCode(), update.body());

            // the referrer receives the Task (it speaks FHIR too) and reads its state
            PartnerWebhookServer.Delivery status = await().atMost(DEADLINE).until(
                    () -> delivered(agencyHook), d -> d != null);
            assertEquals("application/fhir+json", status.contentType());
            assertEquals("accepted", Json.mapper().readTree(status.body()).get("status").asText());
            JsonNode read = Json.mapper().readTree(await().atMost(DEADLINE).until(
                    () -> agency.fhir("GET", TASK, null).body(), body -> body.contains("\"accepted\"")));
            assertEquals("Task", read.get("resourceType").asText());
            assertEquals(HOUSING, read.at("/owner/identifier/value").asText());
            assertEquals(404, system(hub, OUTSIDER).fhir("GET", TASK, null).statusCode(),
                    "a partner outside the referral cannot learn it exists");
        }
    }

    private static PartnerWebhookServer.Delivery delivered(PartnerWebhookServer webhook) {
        return webhook.deliveries().stream().findFirst().orElse(null);
    }

    /** The Gravity-shaped Bundle of the unit tests, sent by the county about the family's child. */
    private static String bundle() {
        return new String(FhirReferralsTest.resource("gravity-referral-bundle.json"), StandardCharsets.UTF_8)
                .replace("mercy-clinic", AGENCY).replace("F-2001-P1", "F-2001-C1").replace("\"parent\"", "\"child\"");
    }

    private static final class StreamOf {
        static JsonNode task(String bundle) throws Exception {
            for (JsonNode entry : Json.mapper().readTree(bundle).get("entry")) {
                if ("Task".equals(entry.at("/resource/resourceType").asText())) {
                    return entry.get("resource");
                }
            }
            throw new AssertionError("no Task in " + bundle);
        }
    }

    private static AgencySystem system(Hub hub, String partner) {
        return new AgencySystem(hub.httpPort(), partner + "-token", AgencyAndClinic.keyOf(partner), Clock.systemUTC());
    }

    private static Map<String, String> settings(Path dir, PartnerWebhookServer agencyHook, PartnerWebhookServer housingHook)
            throws Exception {
        StringBuilder partners = new StringBuilder("{\"partners\": [");
        String[][] kinds = {{AGENCY, "child-welfare"}, {HOUSING, "housing"}, {OUTSIDER, "mental-health"}};
        for (int i = 0; i < kinds.length; i++) {
            String id = kinds[i][0];
            String fhir = OUTSIDER.equals(id) ? "" : ", \"format\": \"fhir-r4\", \"webhook\": \"" + (AGENCY.equals(id) ? agencyHook : housingHook).url("/" + id) + "\"";
            partners.append(i == 0 ? "" : ",").append("""
                    {"id": "%s", "kind": "%s", "tokenSha256": "%s", "publicKeys": %s%s}""".formatted(id, kinds[i][1],
                    PartnerRegistry.sha256(id + "-token"), AgencyAndClinic.publicKeys(AgencyAndClinic.keyOf(id)), fhir));
        }
        Files.writeString(dir.resolve("partners.json"), partners + "]}");
        Files.writeString(dir.resolve("partnership.json"), DemoMessages.partnership(AGENCY, HOUSING, OUTSIDER));
        Map<String, String> settings = new HashMap<>();
        settings.put(HubOption.PARTNERS_FILE.key(), dir.resolve("partners.json").toString());
        settings.put(HubOption.CONFIG_FILE.key(), dir.resolve("partnership.json").toString());
        settings.put(HubOption.KEYS_PASSPHRASE.key(), AgencyAndClinic.PASSPHRASE);
        settings.put(HubOption.BOOTSTRAP_SERVERS.key(), KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED));
        settings.put(HubOption.TOPIC_PREFIX.key(), KafkaBrokers.uniquePrefix("fhir"));
        settings.put(HubOption.TOPIC_PARTITIONS.key(), "1");
        settings.put(HubOption.DATA_DIR.key(), dir.resolve("data").toString());
        settings.put(HubOption.HTTP_PORT.key(), "0");
        settings.put(HubOption.COMMIT_INTERVAL_MS.key(), "50");
        return settings;
    }
}
