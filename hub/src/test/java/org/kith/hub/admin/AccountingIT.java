package org.kith.hub.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.schemas.Json;

/**
 * The accounting of disclosures through the administration API, on a real broker: an auditor reads
 * one family's disclosures and withholdings, in words and as a page, and nothing of another family;
 * nobody without the role reads anything.
 */
class AccountingIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String AGENCY_TOKEN = "accounting-agency-token";
    private static final String AUDITOR_TOKEN = "accounting-auditor-token";
    private static final String OPERATOR_TOKEN = "accounting-operator-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAuditorReadsOneFamilysAccountingAndNothingOfAnother(@TempDir Path dir) throws Exception {
        try (var clinic = PartnerWebhookServer.start("/kith")) {
            Map<String, String> settings = AgencyAndClinic.write(dir, AGENCY_TOKEN, clinic.url("/kith"));
            Path users = dir.resolve("users.json");
            Files.writeString(users, """
                    {"users": [{"id": "audit-1", "roles": ["auditor"], "tokenSha256": "%s"},
                               {"id": "ops-1", "roles": ["operator"], "tokenSha256": "%s"}]}
                    """.formatted(PartnerRegistry.sha256(AUDITOR_TOKEN), PartnerRegistry.sha256(OPERATOR_TOKEN)));
            settings.putAll(Map.of(
                    HubOption.BOOTSTRAP_SERVERS.key(), KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED),
                    HubOption.TOPIC_PREFIX.key(), KafkaBrokers.uniquePrefix("accounting"),
                    HubOption.TOPIC_PARTITIONS.key(), "2",
                    HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                    HubOption.USERS_FILE.key(), users.toString(),
                    HubOption.HTTP_PORT.key(), "0"));
            try (Hub hub = Hub.start(HubConfig.from(settings, Map.of(), Map.of()), Clock.systemUTC())) {
                var agency = AgencyAndClinic.agency(hub.httpPort(), AGENCY_TOKEN);
                assertEquals(202, agency.publish(DemoMessages.profile("county-cw", "F-1")).statusCode());
                assertEquals(202, agency.publish(DemoMessages.consent("county-cw", "F-1", "D-1", "riverside-clinic")).statusCode());
                assertEquals(202, agency.publish(DemoMessages.referralWithFamilyContact("county-cw", "F-1", "R-1",
                        "riverside-clinic")).statusCode());
                assertEquals(202, agency.publish(DemoMessages.referral("county-cw", "F-2", "R-2", "riverside-clinic"))
                        .statusCode());

                String path = AdminRoutes.FAMILIES + "/F-1/accounting";
                JsonNode accounting = await().atMost(DEADLINE).until(
                        () -> Json.mapper().readTree(get(hub, path, AUDITOR_TOKEN).body()),
                        json -> json.path("entries").size() == 1);
                JsonNode entry = accounting.get("entries").get(0);
                assertEquals("redact", entry.get("outcome").asText());
                assertEquals("riverside-clinic", entry.get("recipient").asText());
                assertEquals("contact:no-consent", entry.at("/withheld/0").asText());
                assertTrue(entry.get("sentence").asText().contains("on the basis of consent directive D-1"));
                // the other family's referral may be on the other partition, decided after the first family's
                await().atMost(DEADLINE).until(() -> Json.mapper().readTree(get(hub, AdminRoutes.FAMILIES
                        + "/F-2/accounting", AUDITOR_TOKEN).body()).path("entries").size(), n -> n == 1);
                String body = get(hub, path, AUDITOR_TOKEN).body();
                assertFalse(body.contains("F-2") || body.contains("555-0100"), "nothing of another family, no data");

                HttpResponse<String> page = get(hub, path + "?format=html", AUDITOR_TOKEN);
                assertEquals(200, page.statusCode());
                assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
                assertTrue(page.body().contains("Accounting of disclosures: family F-1"));

                assertEquals(401, get(hub, path, null).statusCode());
                assertEquals(403, get(hub, path, OPERATOR_TOKEN).statusCode());
                assertEquals(400, get(hub, AdminRoutes.FAMILIES + "/F-1/accounting?person=%3Cx%3E", AUDITOR_TOKEN)
                        .statusCode());
            }
        }
    }

    private HttpResponse<String> get(Hub hub, String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
