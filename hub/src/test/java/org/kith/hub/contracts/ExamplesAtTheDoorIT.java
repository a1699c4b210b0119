package org.kith.hub.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.testing.KafkaProbe;
import org.kith.schemas.Examples;
import org.kith.schemas.Json;

/**
 * Every example at the REST ingress, each sent with its own source's token and signed with its key:
 * the valid ones are accepted, every invalid one is refused with exactly the violations its manifest
 * entry names, and none of the invalid ones reaches Kafka. Two invalid examples share an event id
 * with valid ones: an id refused as invalid may be used again.
 */
class ExamplesAtTheDoorIT {

    private static final Map<String, String> KINDS = Map.of(
            "county-cw", "child-welfare", "family-court", "court", "lincoln-elementary", "school",
            "riverside-clinic", "mental-health", "harbor-recovery", "substance-use-treatment",
            "safe-haven", "domestic-violence-services", "metro-housing", "housing");

    @Test
    void validExamplesAreAcceptedAndInvalidOnesRefusedWithTheirViolations(@TempDir Path dir) throws Exception {
        Path partners = dir.resolve("partners.json");
        List<String> entries = new ArrayList<>();
        for (String id : partnerIds()) {
            entries.add("{\"id\": \"%s\", \"kind\": \"%s\", \"tokenSha256\": \"%s\", \"publicKeys\": %s}"
                    .formatted(id, KINDS.getOrDefault(id, "community-organization"), PartnerRegistry.sha256(token(id)),
                            AgencyAndClinic.publicKeys(AgencyAndClinic.keyOf(id))));
        }
        Files.writeString(partners, "{\"partners\": [" + String.join(",", entries) + "]}");
        HubConfig config = HubConfig.from(Map.of(
                HubOption.BOOTSTRAP_SERVERS.key(), KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED),
                HubOption.TOPIC_PREFIX.key(), KafkaBrokers.uniquePrefix("examplesAtTheDoor"),
                HubOption.TOPIC_PARTITIONS.key(), "1",
                HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                HubOption.PARTNERS_FILE.key(), partners.toString(),
                HubOption.KEYS_PASSPHRASE.key(), AgencyAndClinic.PASSPHRASE,
                HubOption.HTTP_PORT.key(), "0"), Map.of(), Map.of());

        try (Hub hub = Hub.start(config, Clock.systemUTC())) {
            int accepted = 0;
            for (Examples.Example example : Examples.all()) {
                String source = example.json().get("source").asText();
                var response = new AgencySystem(hub.httpPort(), token(source), AgencyAndClinic.keyOf(source), Clock.systemUTC())
                        .publish(new String(example.bytes(), StandardCharsets.UTF_8));
                if (example.valid()) {
                    assertEquals(202, response.statusCode(), example.file() + ": " + response.body());
                    accepted++;
                } else {
                    assertEquals(400, response.statusCode(), example.file());
                    JsonNode problem = Json.mapper().readTree(response.body());
                    assertEquals(new TreeSet<>(example.violations()),
                            new TreeSet<>(problem.get("violations").findValuesAsText("pointer")),
                            example.file() + ": " + response.body());
                }
            }
            assertEquals(accepted, KafkaProbe.recordCount(hub.bootstrapServers(), hub.topics().inbound()),
                    "only the valid examples reached kith.inbound");
        }
    }

    private static TreeSet<String> partnerIds() {
        TreeSet<String> ids = new TreeSet<>(KINDS.keySet());
        for (Examples.Example example : Examples.all()) {
            JsonNode json = example.json();
            ids.add(json.get("source").asText());
            if (json.hasNonNull("recipients")) {
                ids.addAll(List.of(json.get("recipients").asText().split(",")));
            }
        }
        ids.removeIf(id -> !id.matches("[a-z0-9][a-z0-9-]{0,62}"));
        return ids;
    }

    private static String token(String partnerId) {
        return "token-for-" + partnerId;
    }
}
