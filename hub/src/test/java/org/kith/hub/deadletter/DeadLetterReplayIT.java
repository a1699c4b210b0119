package org.kith.hub.deadletter;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;
import picocli.CommandLine;

/**
 * A record that arrived on the inbound topic with invalid data is a dead letter; the operator lists
 * it and replays it with corrected data through the `kith deadletter` command, and the replay is
 * decided like any message at replay time.
 */
class DeadLetterReplayIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void anInvalidRecordIsReplayedWithCorrectedDataAndThenDelivered(@TempDir Path dir) throws Exception {
        String token = "replay-test-token";
        String prefix = KafkaBrokers.uniquePrefix("deadLetterReplay");
        String bootstrap = KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED);
        try (var clinic = PartnerWebhookServer.start("/kith")) {
            Map<String, String> settings = AgencyAndClinic.write(dir, token, clinic.url("/kith"));
            settings.putAll(Map.of(
                    HubOption.BOOTSTRAP_SERVERS.key(), bootstrap,
                    HubOption.TOPIC_PREFIX.key(), prefix,
                    HubOption.TOPIC_PARTITIONS.key(), "2",
                    HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                    HubOption.HTTP_PORT.key(), "0"));
            HubConfig config = HubConfig.from(settings, Map.of(), Map.of());

            try (Hub hub = Hub.start(config, Clock.systemUTC())) {
                var agency = new AgencySystem(hub.httpPort(), token);
                assertEquals(202, agency.publish(DemoMessages.profile("county-cw", "F-1")).statusCode());
                assertEquals(202, agency.publish(DemoMessages.consent("county-cw", "F-1", "D-1", "riverside-clinic")).statusCode());
                Envelope referral = envelope(DemoMessages.referral("county-cw", "F-1", "R-1", "riverside-clinic"));
                String broken = new String(CloudEventCodec.dataBytes(referral), StandardCharsets.UTF_8)
                        .replace("mental-health", "mental-hygiene");
                produce(bootstrap, hub.topics().inbound(), referral, broken.getBytes(StandardCharsets.UTF_8));

                var replay = new DeadLetterReplay(bootstrap, hub.topics());
                var letter = await().atMost(DEADLINE).until(replay::list, letters -> !letters.isEmpty()).get(0);
                assertEquals("invalid", letter.reason());
                assertEquals("F-1", letter.key());

                Path corrected = dir.resolve("corrected.json");
                Files.write(corrected, CloudEventCodec.dataBytes(referral));
                int exit = new CommandLine(new KithCommand()).execute("deadletter", "replay",
                        String.valueOf(letter.offset()), "--data", corrected.toString(),
                        "--set", "kith.bootstrap.servers=" + bootstrap, "--set", "kith.topic.prefix=" + prefix);
                assertEquals(0, exit);

                await().atMost(DEADLINE).until(() -> clinic.deliveries().stream()
                        .anyMatch(d -> referral.id().equals(d.idempotencyKey())));
                assertEquals(1, replay.list().size(), "the replay was valid: no new dead letter");
            }
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
