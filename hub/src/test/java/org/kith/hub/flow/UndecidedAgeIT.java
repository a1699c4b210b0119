package org.kith.hub.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.testing.ClinicHub.accepted;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.admin.ProbeRoutes;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.ClinicHub;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.schemas.Json;

/**
 * A stalled core is visible: while the enforcement core decides nothing (paused), a message
 * accepted on one partition of {@code kith.inbound} ages, the health turns 503 once it is older
 * than {@code kith.health.max.undecided.age.ms}, with the reason naming that partition, and the
 * metric shows the age; once the core decides again, both go back to 0 and 200.
 */
class UndecidedAgeIT {

    private static final String OPERATOR_TOKEN = "undecided-operator-token";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int PARTITIONS = 3;

    @Test
    void theHealthDegradesWhileAMessageWaitsTooLongAndRecoversOnceItIsDecided(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users.json");
        Files.writeString(users, """
                {"users": [{"id": "ops-1", "roles": ["operator"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(OPERATOR_TOKEN)));
        try (ClinicHub running = ClinicHub.start(dir, "agency-token-for-tests-only", KafkaBrokers.Kind.EMBEDDED,
                getClass().getSimpleName(), Map.of(HubOption.USERS_FILE.key(), users.toString(),
                        HubOption.HEALTH_MAX_UNDECIDED_AGE_MS.key(), "2000"))) {
            var http = new AdminHttp(running.hub().httpPort());
            JsonNode caughtUp = await("caught up").atMost(DEADLINE).until(() -> health(http),
                    h -> h.path("undecided").path("ageMs").size() == PARTITIONS);
            assertTrue(caughtUp.path("healthy").asBoolean(), caughtUp.toString());
            assertProbe(http, ProbeRoutes.READY, 200, "up");
            assertProbe(http, ProbeRoutes.LIVE, 200, "up");
            String scrape = running.hub().metrics().scrape();
            for (String series : List.of("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
                    "process_cpu_usage", "process_uptime_seconds", "kith_startup_seconds")) {
                assertTrue(scrape.contains(series), series + " is scraped");
            }

            running.hub().pauseCore();
            String familyId = "F-waiting";
            accepted(running.agency().publish(DemoMessages.referral(AgencyAndClinic.AGENCY, familyId, "R-1",
                    AgencyAndClinic.CLINIC)));
            int partition = Utils.toPositive(Utils.murmur2(familyId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;

            HttpResponse<String> stalled = await("the health degrades").atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                    .until(() -> http.get("/v1/admin/health", OPERATOR_TOKEN), r -> r.statusCode() == 503);
            JsonNode body = Json.mapper().readTree(stalled.body());
            assertEquals("RUNNING", body.path("core").asText(), "the core runs, and decides nothing");
            assertTrue(body.at("/undecided/reason").asText().contains("partition " + partition), stalled.body());
            assertTrue(body.at("/undecided/ageMs/" + partition).asLong() > 2000, stalled.body());
            assertTrue(gauge(running, partition) > 2.0, "the metric shows the age");
            // the probes say down (ready) and up (live), nothing more, and ask no credential
            assertProbe(http, ProbeRoutes.READY, 503, "down");
            assertProbe(http, ProbeRoutes.LIVE, 200, "up");

            running.hub().resumeCore();
            JsonNode recovered = await("the health recovers").atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                    .until(() -> health(http), h -> h.path("healthy").asBoolean());
            assertEquals(0, recovered.at("/undecided/ageMs/" + partition).asLong(), recovered.toString());
            assertTrue(recovered.path("undecided").path("reason").isMissingNode(), recovered.toString());
        }
    }

    private static void assertProbe(AdminHttp http, String path, int status, String says) {
        HttpResponse<String> probe = http.get(path, null);
        assertEquals(status, probe.statusCode(), path + ": " + probe.body());
        assertEquals("{\"status\":\"" + says + "\"}", probe.body(), path);
    }

    private static JsonNode health(AdminHttp http) throws Exception {
        return Json.mapper().readTree(http.get("/v1/admin/health", OPERATOR_TOKEN).body());
    }

    private static double gauge(ClinicHub running, int partition) {
        String series = "kith_inbound_undecided_age_seconds{partition=\"" + partition + "\"} ";
        return running.hub().metrics().scrape().lines().filter(line -> line.startsWith(series)).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length()).trim())).orElse(0.0);
    }
}
