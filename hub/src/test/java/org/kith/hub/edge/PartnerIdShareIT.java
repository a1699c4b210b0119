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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.connectors.Problem;
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.schemas.Json;

/**
 * One partner's flood of new message ids, signed as late in the replay window as the hub allows (so
 * each would be remembered as long as possible), fills that partner's own share of the ids and no
 * one else's: beyond its share it alone is refused (429 {@code replay-capacity} with
 * {@code Retry-After}), while another partner's messages, sent meanwhile, are all accepted.
 */
class PartnerIdShareIT {

    private static final String FLOODER = "county-cw";
    private static final String OTHER = "state-cw";
    private static final String CLINIC = "riverside-clinic";
    private static final int SHARE = 5;
    private static final Duration WINDOW = Duration.ofMinutes(5);

    @Test
    void aFloodOfIdsFillsTheFloodersShareAloneWhileAnotherPartnersMessagesAreAccepted(@TempDir Path dir) throws Exception {
        try (Hub hub = Hub.start(config(dir), Clock.systemUTC())) {
            // the flooder's clock runs just inside the window's far end: the latest signature time the hub takes
            Clock late = Clock.offset(Clock.systemUTC(), WINDOW.minusSeconds(10));
            AgencySystem flooder = new AgencySystem(hub.httpPort(), token(FLOODER), AgencyAndClinic.keyOf(FLOODER), late);
            AgencySystem other = new AgencySystem(hub.httpPort(), token(OTHER), AgencyAndClinic.keyOf(OTHER),
                    Clock.systemUTC());
            List<HttpResponse<String>> flood = new ArrayList<>();
            List<Integer> others = new ArrayList<>();
            for (int i = 0; i < 2 * SHARE; i++) {
                flood.add(flooder.publish(DemoMessages.referral(FLOODER, "F-" + i, "R-" + i, CLINIC)));
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

    private static HubConfig config(Path dir) throws Exception {
        Path partners = dir.resolve("partners.json");
        Files.writeString(partners, """
                {"partners": [
                  {"id": "%s", "kind": "child-welfare", "tokenSha256": "%s", "publicKeys": %s},
                  {"id": "%s", "kind": "child-welfare", "tokenSha256": "%s", "publicKeys": %s},
                  {"id": "%s", "kind": "mental-health"}
                ]}""".formatted(FLOODER, PartnerRegistry.sha256(token(FLOODER)), keys(FLOODER),
                OTHER, PartnerRegistry.sha256(token(OTHER)), keys(OTHER), CLINIC));
        return HubConfig.from(Map.of(
                HubOption.BOOTSTRAP_SERVERS.key(), KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED),
                HubOption.TOPIC_PREFIX.key(), KafkaBrokers.uniquePrefix("partnerIdShare"),
                HubOption.TOPIC_PARTITIONS.key(), "1",
                HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                HubOption.PARTNERS_FILE.key(), partners.toString(),
                HubOption.KEYS_PASSPHRASE.key(), AgencyAndClinic.PASSPHRASE,
                HubOption.HTTP_PORT.key(), "0",
                HubOption.INGRESS_RATE_LIMIT.key(), "1000",
                HubOption.INGRESS_REPLAY_WINDOW_MS.key(), Long.toString(WINDOW.toMillis()),
                HubOption.INGRESS_REPLAY_CAPACITY.key(), Integer.toString(SHARE)), Map.of(), Map.of());
    }

    private static String keys(String partner) {
        return AgencyAndClinic.publicKeys(AgencyAndClinic.keyOf(partner));
    }

    private static String token(String partner) {
        return "token-for-" + partner;
    }
}
