package org.kith.hub.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.admin.AdminRoutes;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.schemas.Json;

/**
 * Prometheus scrapes the hub over its HTTP API with a credential of its own: a user holding only the
 * {@code metrics} role reads the metrics (the hub's, the JVM's and the process's, no family and no
 * person in them) and nothing else; without a token, or with a token of a role the metrics do not
 * admit, the scrape is refused.
 */
class MetricsScrapeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    private static final String CLINIC = AgencyAndClinic.CLINIC;
    private static final String AGENCY_TOKEN = "scrape-it-agency-token";
    private static final String SCRAPER = "scrape-it-prometheus";
    private static final String OPERATOR = "scrape-it-operator";
    private static final String ADMINISTRATOR = "scrape-it-administrator";
    private static final String FAMILY = "F-Scrape";

    @Test
    void aScraperReadsTheMetricsWithItsOwnTokenAndNothingElse(@TempDir Path dir) throws Exception {
        try (var clinic = PartnerWebhookServer.start("/kith");
             Hub hub = Hub.start(HubConfig.from(settings(dir, clinic), Map.of(), Map.of()), Clock.systemUTC())) {
            var api = new AdminHttp(hub.httpPort());
            var agency = AgencyAndClinic.agency(hub.httpPort(), AGENCY_TOKEN);
            assertEquals(202, agency.publish(DemoMessages.profile(AGENCY, FAMILY)).statusCode());
            assertEquals(202, agency.publish(DemoMessages.consent(AGENCY, FAMILY, "D-Scrape", CLINIC)).statusCode());
            assertEquals(202, agency.publish(DemoMessages.referral(AGENCY, FAMILY, "R-Scrape", CLINIC)).statusCode());

            String metrics = await().atMost(DEADLINE).until(() -> api.get(AdminRoutes.METRICS, SCRAPER),
                    scrape -> scrape.statusCode() == 200 && scrape.body().contains("kith_decisions_total{outcome=\"permit\"}"))
                    .body();
            HttpResponse<String> scrape = api.get(AdminRoutes.METRICS, SCRAPER);
            assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    "the Prometheus text format: " + scrape.headers().map());
            for (String metric : List.of("kith_messages_in_total", "kith_copies_out_total", "jvm_memory_used_bytes",
                    "jvm_gc_", "jvm_threads_live_threads", "jvm_classes_loaded_classes", "process_cpu_usage",
                    "process_uptime_seconds", "process_files_open_files", "system_cpu_count", "kith_startup_seconds")) {
                assertTrue(metrics.contains(metric), metric + " is not scraped");
            }
            for (String personal : List.of(FAMILY, "D-Scrape", "R-Scrape", "Alex", "Example", "2016-05-14", "Trauma")) {
                assertFalse(metrics.contains(personal), "the metrics show '" + personal + "'");
            }

            assertEquals(401, api.get(AdminRoutes.METRICS, null).statusCode(), "a scrape without a token");
            assertEquals(401, api.get(AdminRoutes.METRICS, "not-a-token").statusCode(), "a scrape with an unknown token");
            assertEquals(403, api.get(AdminRoutes.METRICS, ADMINISTRATOR).statusCode(),
                    "an administrator's token is not a scrape credential");
            assertEquals(200, api.get(AdminRoutes.METRICS, OPERATOR).statusCode(), "an operator still reads the metrics");

            // every other operation of the administration API (as its document lists them) refuses the scrape credential
            JsonNode document = Json.mapper().readTree(api.get(AdminRoutes.OPENAPI, null).body());
            int refused = 0;
            for (var path : iterable(document.get("paths").fields())) {
                String concrete = path.getKey().replace("{offset}", "0").replaceAll("\\{[A-Za-z]+}", "x-1");
                for (var operation : iterable(path.getValue().fields())) {
                    String method = operation.getKey().toUpperCase();
                    boolean isPublic = !operation.getValue().path("x-kith-roles").isArray();
                    if (isPublic || method.equals("GET") && path.getKey().equals(AdminRoutes.METRICS)) {
                        continue;
                    }
                    int status = api.send(method, concrete, SCRAPER, method.equals("GET") ? null : "{}",
                            "application/json").statusCode();
                    assertEquals(403, status, method + " " + path.getKey() + " with the scrape credential");
                    refused++;
                }
            }
            assertTrue(refused >= 40, "every other operation was tried: " + refused);
            var asScraper = new AgencySystem(hub.httpPort(), SCRAPER, AgencyAndClinic.AGENCY_KEY, Clock.systemUTC());
            assertEquals(401, asScraper.publish(DemoMessages.referral(AGENCY, FAMILY, "R-Scrape-2", CLINIC)).statusCode(),
                    "the partners' API does not know a user's token");
        }
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }

    private static Map<String, String> settings(Path dir, PartnerWebhookServer clinic) throws Exception {
        Map<String, String> settings = AgencyAndClinic.hubSettings(dir, AGENCY_TOKEN, clinic.url("/kith"),
                KafkaBrokers.Kind.EMBEDDED, "scrape");
        Files.writeString(dir.resolve("users.json"), """
                {"users": [
                  {"id": "prometheus", "roles": ["metrics"], "tokenSha256": "%s"},
                  {"id": "ops-1", "roles": ["operator"], "tokenSha256": "%s"},
                  {"id": "admin-1", "roles": ["administrator"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(SCRAPER), PartnerRegistry.sha256(OPERATOR),
                PartnerRegistry.sha256(ADMINISTRATOR)));
        settings.put(HubOption.USERS_FILE.key(), dir.resolve("users.json").toString());
        settings.put(HubOption.COMMIT_INTERVAL_MS.key(), "50");
        return settings;
    }
}
