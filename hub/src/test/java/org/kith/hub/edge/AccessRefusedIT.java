package org.kith.hub.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.broker.PartnerKafkaAccess;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.crypto.KeyDirectory;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.ledger.LedgerCommands;
import org.kith.hub.ledger.LedgerVerification;
import org.kith.hub.ledger.LedgerVerifier;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.ClinicHub;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.testing.KafkaProbe;
import org.kith.schemas.Json;

/**
 * A partner reaching for another partner's data, on a real hub with its own broker and partner
 * listener: the housing provider asks for the referral the agency made to the clinic, for the
 * clinic's dead letters and for the family's accounting, and its Kafka user reads the clinic's
 * outbound topic. Each is refused as before; now each HTTP refusal is a record of the ledger
 * (who, which operation, which family, why: ids only), not an entry of the family's accounting of
 * disclosures, and the broker's denial a metric.
 */
class AccessRefusedIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    private static final String CLINIC = AgencyAndClinic.CLINIC;
    private static final String HOUSING = "lakeside-housing";
    private static final String AGENCY_TOKEN = "refused-agency-token";
    private static final String HOUSING_TOKEN = "refused-housing-token";
    private static final String AUDITOR_TOKEN = "refused-auditor-token";

    @Test
    void refusedCrossPartnerAccessLeavesARecordAndAMetric(@TempDir Path dir) throws Exception {
        try (var clinic = PartnerWebhookServer.start("/kith");
             Hub hub = Hub.start(HubConfig.from(settings(dir, clinic), Map.of(), Map.of()), Clock.systemUTC())) {
            var api = new AdminHttp(hub.httpPort());
            var agency = AgencyAndClinic.agency(hub.httpPort(), AGENCY_TOKEN);
            assertEquals(202, agency.publish(DemoMessages.profile(AGENCY, "F-1")).statusCode());
            assertEquals(202, agency.publish(DemoMessages.consent(AGENCY, "F-1", "D-1", CLINIC)).statusCode());
            assertEquals(202, agency.publish(DemoMessages.referral(AGENCY, "F-1", "R-1", CLINIC)).statusCode());
            await().atMost(DEADLINE).until(() -> clinic.deliveries().stream().anyMatch(d -> d.body().contains("R-1")));
            await().atMost(DEADLINE).until(() -> api.get("/v1/referrals/F-1/R-1", AGENCY_TOKEN).statusCode(), s -> s == 200);

            // refused as before
            assertEquals(404, api.get("/v1/referrals/F-1/R-1", HOUSING_TOKEN).statusCode(), "another partner's referral");
            assertEquals(401, api.get("/v1/admin/deadletters?partner=" + CLINIC, HOUSING_TOKEN).statusCode());
            assertEquals(401, api.get("/v1/admin/families/F-1/accounting", HOUSING_TOKEN).statusCode());
            PartnerKafkaAccess.KafkaCredential credential = hub.kafkaAccess().grant(HOUSING);
            try (var consumer = new KafkaConsumer<>(kafka(hub, credential), new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(hub.topics().outbound(CLINIC)));
                assertInstanceOf(TopicAuthorizationException.class, KafkaProbe.pollUntilRefused(consumer, DEADLINE), "the broker refuses the clinic's topic");
            }

            // ... and now each leaves a trace
            List<JsonNode> records = await().atMost(DEADLINE).until(() -> accessRefused(hub), found -> found.size() >= 3);
            assertEquals(3, records.size(), records::toString);
            assertRefused(records, "GET /v1/referrals/{familyId}/{referralId}", "F-1", "not-found");
            assertRefused(records, "GET /v1/admin/deadletters", null, "unauthenticated");
            assertRefused(records, "GET /v1/admin/families/{familyId}/accounting", "F-1", "unauthenticated");
            String metrics = hub.metrics().scrape();
            assertTrue(metrics.contains("kith_access_refused_total{reason=\"not-found\"} 1.0"), metrics);
            assertTrue(metrics.contains("kith_access_refused_total{reason=\"unauthenticated\"} 2.0"), metrics);
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("kith_kafka_authorization_denied_total{")
                    && line.contains("partner=\"" + HOUSING + "\"") && line.contains("resource=\"TOPIC\"")), metrics);

            // not a disclosure: the family's accounting lists its decisions only, and the ledger verifies
            JsonNode accounting = AdminHttp.json(api.get("/v1/admin/families/F-1/accounting", AUDITOR_TOKEN));
            assertTrue(accounting.get("entries").size() > 0, accounting::toString);
            assertTrue(accounting.toString().contains(CLINIC) && !accounting.toString().contains(HOUSING), accounting::toString);
            Map<String, LedgerVerification> verified = new LedgerVerifier(KeyDirectory.in(dir.resolve("data")).publicKeys())
                    .verifyAll(LedgerCommands.readTopic(hub.bootstrapServers(), hub.topics().ledger()));
            assertTrue(verified.values().stream().allMatch(LedgerVerification.Ok.class::isInstance), verified::toString);
        }
    }

    private static void assertRefused(List<JsonNode> records, String operation, String familyId, String reason) {
        JsonNode body = records.stream().map(r -> r.get("body"))
                .filter(b -> b.path("operation").asText().equals(operation)).findFirst()
                .orElseThrow(() -> new AssertionError(operation + " not recorded: " + records));
        assertEquals("partner:" + HOUSING, body.get("actor").asText());
        assertEquals(familyId, body.hasNonNull("familyId") ? body.get("familyId").asText() : null);
        assertEquals(reason, body.get("reason").asText());
        assertEquals(1, body.get("count").asLong());
        assertTrue(body.toString().indexOf(HOUSING_TOKEN) < 0 && body.toString().indexOf("R-1") < 0,
                "ids of the family and the operation only");
    }

    private static List<JsonNode> accessRefused(Hub hub) {
        return LedgerCommands.readTopic(hub.bootstrapServers(), hub.topics().ledger()).stream().map(ClinicHub::json)
                .filter(record -> record.get("kind").asText().equals("access-refused")).toList();
    }

    /** The housing provider's Kafka client, as its {@code kafka.properties} would set it, with a group of its own. */
    private static Properties kafka(Hub hub, PartnerKafkaAccess.KafkaCredential credential) {
        Properties kafka = new Properties();
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, credential.bootstrap());
        kafka.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        kafka.put(SaslConfigs.SASL_MECHANISM, credential.mechanism());
        kafka.put(SaslConfigs.SASL_JAAS_CONFIG,
                PartnerKafkaAccess.KafkaCredential.jaasConfig(credential.username(), credential.password()));
        kafka.put(ConsumerConfig.GROUP_ID_CONFIG, hub.topics().prefix() + "kith-partner-" + HOUSING);
        kafka.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return kafka;
    }

    private static Map<String, String> settings(Path dir, PartnerWebhookServer clinic) throws Exception {
        Path partners = Files.writeString(dir.resolve("partners.json"), """
                {"partners": [
                  {"id": "%s", "kind": "child-welfare", "tokenSha256": "%s", "publicKeys": %s},
                  {"id": "%s", "kind": "mental-health", "webhook": "%s"},
                  {"id": "%s", "kind": "housing", "tokenSha256": "%s"}
                ]}""".formatted(AGENCY, PartnerRegistry.sha256(AGENCY_TOKEN),
                AgencyAndClinic.publicKeys(AgencyAndClinic.AGENCY_KEY), CLINIC, clinic.url("/kith"), HOUSING,
                PartnerRegistry.sha256(HOUSING_TOKEN)));
        Path partnership = Files.writeString(dir.resolve("partnership.json"), DemoMessages.partnership(AGENCY, CLINIC));
        Path users = Files.writeString(dir.resolve("users.json"), """
                {"users": [{"id": "auditor-1", "roles": ["auditor"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(AUDITOR_TOKEN)));
        return Map.ofEntries(
                Map.entry(HubOption.PARTNERS_FILE.key(), partners.toString()),
                Map.entry(HubOption.CONFIG_FILE.key(), partnership.toString()),
                Map.entry(HubOption.USERS_FILE.key(), users.toString()),
                Map.entry(HubOption.KEYS_PASSPHRASE.key(), AgencyAndClinic.PASSPHRASE),
                Map.entry(HubOption.KAFKA_PORT.key(), "0"),
                Map.entry(HubOption.KAFKA_PARTNER_PORT.key(), "0"),
                Map.entry(HubOption.TOPIC_PREFIX.key(), KafkaBrokers.uniquePrefix("refused")),
                Map.entry(HubOption.TOPIC_PARTITIONS.key(), "2"),
                Map.entry(HubOption.DATA_DIR.key(), dir.resolve("data").toString()),
                Map.entry(HubOption.HTTP_PORT.key(), "0"),
                Map.entry(HubOption.COMMIT_INTERVAL_MS.key(), "50"));
    }
}
