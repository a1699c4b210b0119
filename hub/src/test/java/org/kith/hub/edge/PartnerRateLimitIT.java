package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.connectors.Problem;
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.testing.KafkaProbe;
import org.kith.schemas.Json;
import org.kith.hub.testing.RunsAlone;

/**
 * The per-partner quotas on a real hub. The rate limit: a burst from one agency is accepted up to its
 * limit and refused after it with 429 {@code rate-limited} problems carrying {@code Retry-After};
 * exactly the messages answered 202 are in the inbound topic; the limit covers the agency's other
 * requests too; and another agency, sending meanwhile, is not held back at all. The share of message
 * ids: one agency's flood of new ids, signed as late in the replay window as the hub allows (so each
 * would be remembered as long as possible), fills that agency's own share and no one else's: beyond
 * it that agency alone is refused (429 {@code replay-capacity} with {@code Retry-After}), while
 * another's messages, sent meanwhile, are all accepted.
 */
@RunsAlone
class PartnerRateLimitIT {

    private static final String BUSY = "county-cw";
    private static final String OTHER = "state-cw";
    private static final String CLINIC = "riverside-clinic";
    private static final int LIMIT = 4;
    private static final int BURST = 7;
    private static final int SHARE = 5;
    private static final Duration WINDOW = Duration.ofMinutes(5);

    @Test
    void aBurstBeyondItsLimitIsRefusedWith429AndNothingOfItAcceptedWhileAnotherPartnerIsUnaffected(@TempDir Path dir)
            throws Exception {
        try (Hub hub = Hub.start(config(dir, Map.of(HubOption.INGRESS_RATE_LIMIT.key(), Integer.toString(LIMIT),
                HubOption.INGRESS_RATE_PERIOD_MS.key(), "60000")), Clock.systemUTC())) {
            AgencySystem busy = system(hub, BUSY);
            AgencySystem other = system(hub, OTHER);
            var http = new AdminHttp(hub.httpPort());
            List<String> accepted = new ArrayList<>();
            int refused = 0;
            for (int i = 0; i < BURST; i++) {
                HttpResponse<String> response = busy.publish(DemoMessages.referral(BUSY, "F-" + i, "R-" + i, CLINIC));
                if (response.statusCode() == 202) {
                    accepted.add(Json.mapper().readTree(response.body()).get("messageId").asText());
                } else {
                    assertRateLimited(response);
                    refused++;
                }
            }
            assertEquals(LIMIT, accepted.size(), "the first " + LIMIT + " of the burst pass");
            assertEquals(BURST - LIMIT, refused);

            for (int i = 0; i < LIMIT; i++) {
                HttpResponse<String> response = other.publish(DemoMessages.referral(OTHER, "G-" + i, "S-" + i, CLINIC));
                assertEquals(202, response.statusCode(), "the other partner has its own budget: " + response.body());
                accepted.add(Json.mapper().readTree(response.body()).get("messageId").asText());
            }
            assertRateLimited(http.put(ReferralRoutes.CAPACITY, token(BUSY), "{}"));
            assertRateLimited(http.get(ReferralRoutes.MEASURES, token(BUSY)));

            assertEquals(new TreeSet<>(accepted),
                    new TreeSet<>(KafkaProbe.headerValues(hub.bootstrapServers(), hub.topics().inbound(), "ce_id")),
                    "the inbound topic holds exactly the messages answered 202");

            HttpResponse<String> document = http.get(PartnerOpenApiRoute.PATH, null);
            assertEquals(200, document.statusCode());
            // as completed for a hub without an advertised address: servers relative to the document
            assertEquals(Json.mapper().readTree(ApiDocuments.partners("/")), Json.mapper().readTree(document.body()));
        }
    }

    @Test
    void aFloodOfIdsFillsTheFloodersShareAloneWhileAnotherPartnersMessagesAreAccepted(@TempDir Path dir) throws Exception {
        try (Hub hub = Hub.start(config(dir, Map.of(HubOption.INGRESS_RATE_LIMIT.key(), "1000",
                HubOption.INGRESS_REPLAY_WINDOW_MS.key(), Long.toString(WINDOW.toMillis()),
                HubOption.INGRESS_REPLAY_CAPACITY.key(), Integer.toString(SHARE))), Clock.systemUTC())) {
            // the flooder's clock runs just inside the window's far end: the latest signature time the hub takes
            Clock late = Clock.offset(Clock.systemUTC(), WINDOW.minusSeconds(10));
            AgencySystem flooder = new AgencySystem(hub.httpPort(), token(BUSY), AgencyAndClinic.keyOf(BUSY), late);
            AgencySystem other = system(hub, OTHER);
            List<HttpResponse<String>> flood = new ArrayList<>();
            List<Integer> others = new ArrayList<>();
            for (int i = 0; i < 2 * SHARE; i++) {
                flood.add(flooder.publish(DemoMessages.referral(BUSY, "F-" + i, "R-" + i, CLINIC)));
                if (i >= SHARE) { // the flooder's share is full from here on: the other partner sends meanwhile
                    others.add(other.publish(DemoMessages.referral(OTHER, "G-" + i, "S-" + i, CLINIC)).statusCode());
                }
            }
            assertEquals(List.of(202, 202, 202, 202, 202), others,
                    "the other partner's share is its own: every message accepted while the flooder's is full");
            assertEquals(List.of(202, 202, 202, 202, 202, 429, 429, 429, 429, 429),
                    flood.stream().map(HttpResponse::statusCode).toList(), "the flooder's own share, then 429");
            for (HttpResponse<String> refused : flood.subList(SHARE, 2 * SHARE)) {
                assertReplayCapacity(refused);
            }
        }
    }

    private static void assertReplayCapacity(HttpResponse<String> response) throws Exception {
        assertEquals(Problem.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = Json.mapper().readTree(response.body());
        assertEquals("replay-capacity", problem.get("reason").asText(), response.body());
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > WINDOW.toSeconds() && retryAfter <= 2 * WINDOW.toSeconds(),
                "until the flooder's oldest id is forgotten: " + retryAfter);
    }

    private static void assertRateLimited(HttpResponse<String> response) throws Exception {
        assertEquals(429, response.statusCode(), response.body());
        assertEquals(Problem.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = Json.mapper().readTree(response.body());
        assertEquals("rate-limited", problem.get("reason").asText());
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    }

    /** Two agencies with tokens and keys, a clinic to address, and the test's own quotas. */
    private static HubConfig config(Path dir, Map<String, String> quotas) throws Exception {
        Path partners = dir.resolve("partners.json");
        Files.writeString(partners, """
                {"partners": [
                  {"id": "%s", "kind": "child-welfare", "tokenSha256": "%s", "publicKeys": %s},
                  {"id": "%s", "kind": "child-welfare", "tokenSha256": "%s", "publicKeys": %s},
                  {"id": "%s", "kind": "mental-health"}
                ]}""".formatted(BUSY, PartnerRegistry.sha256(token(BUSY)), keys(BUSY),
                OTHER, PartnerRegistry.sha256(token(OTHER)), keys(OTHER), CLINIC));
        Map<String, String> settings = new java.util.HashMap<>(quotas);
        settings.putAll(Map.of(
                HubOption.BOOTSTRAP_SERVERS.key(), KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED),
                HubOption.TOPIC_PREFIX.key(), KafkaBrokers.uniquePrefix("partnerRateLimit"),
                HubOption.TOPIC_PARTITIONS.key(), "1",
                HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                HubOption.PARTNERS_FILE.key(), partners.toString(),
                HubOption.KEYS_PASSPHRASE.key(), AgencyAndClinic.PASSPHRASE,
                HubOption.HTTP_PORT.key(), "0"));
        return HubConfig.from(settings, Map.of(), Map.of());
    }

    private static String keys(String partner) {
        return AgencyAndClinic.publicKeys(AgencyAndClinic.keyOf(partner));
    }

    private static String token(String partner) {
        return "token-for-" + partner;
    }

    private static AgencySystem system(Hub hub, String partner) {
        return new AgencySystem(hub.httpPort(), token(partner), AgencyAndClinic.keyOf(partner), Clock.systemUTC());
    }
}
