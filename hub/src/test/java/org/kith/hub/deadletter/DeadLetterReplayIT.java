package org.kith.hub.deadletter;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.KithCommand;
import org.kith.hub.admin.AdminRoutes;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.topics.TopicReader;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;
import picocli.CommandLine;

/**
 * A record that arrived on the inbound topic with invalid data is a dead letter; the operator lists
 * it and replays it with corrected data, through the `kith deadletter` command or the
 * administration API, and the replay is decided like any message at replay time.
 */
class DeadLetterReplayIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String AGENCY_TOKEN = "replay-test-token";
    private static final String OPERATOR_TOKEN = "operator-test-token";
    private static final String AUDITOR_TOKEN = "auditor-test-token";

    @Test
    void anInvalidRecordIsReplayedWithCorrectedDataThroughTheCommandAndThenDelivered(@TempDir Path dir) throws Exception {
        try (var clinic = PartnerWebhookServer.start("/kith"); var hub = new ReplayScene(dir, clinic, "deadLetterCli")) {
            Path corrected = dir.resolve("corrected.json");
            Files.write(corrected, CloudEventCodec.dataBytes(hub.referral));
            int exit = new CommandLine(new KithCommand()).execute("deadletter", "replay",
                    String.valueOf(hub.letter.offset()), "--data", corrected.toString(),
                    "--set", "kith.bootstrap.servers=" + hub.bootstrap, "--set", "kith.topic.prefix=" + hub.prefix);
            assertEquals(0, exit);

            await().atMost(DEADLINE).until(() -> clinic.deliveries().stream()
                    .anyMatch(d -> hub.referral.id().equals(d.idempotencyKey())));
            assertEquals(1, hub.replay.list().size(), "the replay was valid: no new dead letter");
        }
    }

    @Test
    void anOperatorListsAndReplaysThroughTheApiAndNobodyElseMay(@TempDir Path dir) throws Exception {
        try (var clinic = PartnerWebhookServer.start("/kith"); var hub = new ReplayScene(dir, clinic, "deadLetterApi")) {
            String list = AdminRoutes.DEAD_LETTERS;
            String replay = list + "/" + hub.letter.offset() + "/replay";
            byte[] corrected = CloudEventCodec.dataBytes(hub.referral);

            assertEquals(401, hub.call("GET", list, null, null).statusCode());
            assertEquals(401, hub.call("POST", replay, "not-a-user", corrected).statusCode());
            HttpResponse<String> forbidden = hub.call("POST", replay, AUDITOR_TOKEN, corrected);
            assertEquals(403, forbidden.statusCode());
            assertEquals("application/problem+json", forbidden.headers().firstValue("Content-Type").orElse(""));
            assertEquals(401, hub.call("POST", replay, AGENCY_TOKEN, corrected).statusCode(), "a partner token is no user token");

            HttpResponse<String> letters = hub.call("GET", list, OPERATOR_TOKEN, null);
            assertEquals(200, letters.statusCode());
            JsonNode listed = Json.mapper().readTree(letters.body()).path("deadLetters");
            assertEquals(1, listed.size());
            assertEquals("invalid", listed.get(0).get("reason").asText());
            assertFalse(letters.body().contains("mental-hygiene") || letters.body().contains("Alex"), "never the data");

            assertEquals(404, hub.call("POST", list + "/999/replay", OPERATOR_TOKEN, corrected).statusCode());
            assertEquals(400, hub.call("POST", list + "/x/replay", OPERATOR_TOKEN, corrected).statusCode());
            assertEquals(400, hub.call("POST", replay, OPERATOR_TOKEN, "{not json".getBytes(StandardCharsets.UTF_8))
                    .statusCode());
            assertEquals(0, clinic.deliveries().size(), "no refused call replayed anything");

            assertEquals(202, hub.call("POST", replay, OPERATOR_TOKEN, corrected).statusCode());
            JsonNode change = await().atMost(DEADLINE).until(() -> TopicReader.readValues(hub.bootstrap,
                            hub.hub.topics().ledger()).stream().map(DeadLetterReplayIT::json)
                    .filter(n -> n.path("kind").asText().equals("admin-change")
                            && n.at("/body/objectType").asText().equals("dead-letter")).findFirst(),
                    java.util.Optional::isPresent).get();
            assertEquals("ops-1", change.at("/body/actor").asText(), "the replay is an administrative change in the ledger");
            assertEquals(String.valueOf(hub.letter.offset()), change.at("/body/objectId").asText());
            await().atMost(DEADLINE).until(() -> clinic.deliveries().stream()
                    .anyMatch(d -> hub.referral.id().equals(d.idempotencyKey())));
            assertEquals(1, hub.replay.list().size(), "the replay was valid: no new dead letter");
        }
    }

    /** A hub whose family F-1 consents to the clinic, and one dead letter: a referral with invalid data. */
    private static final class ReplayScene implements AutoCloseable {
        final String bootstrap = KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED);
        final String prefix;
        final Hub hub;
        final Envelope referral;
        final DeadLetterReplay replay;
        final DeadLetterReplay.Summary letter;
        private final HttpClient http = HttpClient.newHttpClient();

        ReplayScene(Path dir, PartnerWebhookServer clinic, String name) throws Exception {
            prefix = KafkaBrokers.uniquePrefix(name);
            Map<String, String> settings = AgencyAndClinic.write(dir, AGENCY_TOKEN, clinic.url("/kith"));
            Path users = dir.resolve("users.json");
            Files.writeString(users, """
                    {"users": [{"id": "ops-1", "roles": ["operator"], "tokenSha256": "%s"},
                               {"id": "audit-1", "roles": ["auditor"], "tokenSha256": "%s"}]}
                    """.formatted(PartnerRegistry.sha256(OPERATOR_TOKEN), PartnerRegistry.sha256(AUDITOR_TOKEN)));
            settings.putAll(Map.of(
                    HubOption.BOOTSTRAP_SERVERS.key(), bootstrap,
                    HubOption.TOPIC_PREFIX.key(), prefix,
                    HubOption.TOPIC_PARTITIONS.key(), "2",
                    HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                    HubOption.USERS_FILE.key(), users.toString(),
                    HubOption.HTTP_PORT.key(), "0"));
            hub = Hub.start(HubConfig.from(settings, Map.of(), Map.of()), Clock.systemUTC());
            var agency = AgencyAndClinic.agency(hub.httpPort(), AGENCY_TOKEN);
            assertEquals(202, agency.publish(DemoMessages.profile("county-cw", "F-1")).statusCode());
            assertEquals(202, agency.publish(DemoMessages.consent("county-cw", "F-1", "D-1", "riverside-clinic")).statusCode());
            referral = envelope(DemoMessages.referral("county-cw", "F-1", "R-1", "riverside-clinic"));
            String broken = new String(CloudEventCodec.dataBytes(referral), StandardCharsets.UTF_8)
                    .replace("mental-health", "mental-hygiene");
            produce(bootstrap, hub.topics().inbound(), referral, broken.getBytes(StandardCharsets.UTF_8));
            replay = new DeadLetterReplay(bootstrap, hub.topics());
            letter = await().atMost(DEADLINE).until(replay::list, letters -> !letters.isEmpty()).get(0);
            assertEquals("invalid", letter.reason());
            assertEquals("F-1", letter.key());
        }

        HttpResponse<String> call(String method, String path, String token, byte[] body) throws Exception {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            hub.close();
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Envelope envelope(String cloudEvent) {
        var submission = ((ValidationResult.Valid) new SubmissionValidator()
                .validate(cloudEvent.getBytes(StandardCharsets.UTF_8))).submission();
        return Envelope.accepted(UUID.randomUUID().toString(), OffsetDateTime.now(ZoneOffset.UTC), submission);
    }

    private static void produce(String bootstrap, String topic, Envelope envelope, byte[] value) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            var record = new ProducerRecord<>(topic, envelope.familyid(), value);
            CloudEventCodec.headers(envelope, CloudEventCodec.Binding.KAFKA)
                    .forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }
    }
}
