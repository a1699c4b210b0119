package org.kith.hub.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.broker.PartnerKafkaAccess.KafkaCredential;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaProbe;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * Partners connecting by Kafka, with real clients on the embedded broker's SASL/SCRAM listener and
 * the authorizer on: partner A's signed message on its own inbound topic reaches {@code kith.inbound}
 * (with the CloudEvents binding alone, never a header of A's own);
 * A can neither write B's inbound topic or the shared one, nor read B's topics, nor pass a message off
 * as B's (refused, told on its status topic, not forwarded); once revoked, A cannot even
 * authenticate, while B goes on.
 */
class DirectKafkaIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String A = "agency-a";
    private static final String B = "clinic-b";
    private static final String PREFIX = "dk.";

    @Test
    void aPartnerReadsAndWritesOnlyItsOwnTopicsAndOnlyAsItself(@TempDir Path dir) throws Exception {
        try (Hub hub = Hub.start(config(dir), Clock.systemUTC())) {
            var topics = hub.topics();
            String partnerBootstrap = hub.partnerBootstrapServers().orElseThrow();
            KafkaCredential a = hub.kafkaAccess().grant(A);
            KafkaCredential b = hub.kafkaAccess().grant(B);
            assertEquals(partnerBootstrap, a.bootstrap());
            assertFalse(a.toString().contains(a.password()), "the password is never printed");

            try (var producerA = producer(a)) {
                // (a) A's signed message on its own topic reaches kith.inbound, as A's, with the CloudEvents binding
                // alone: not the headers that only the hub writes (a redelivery, the declarer of an emergency)
                send(producerA, topics.inbound(A), event("evt-a-1", A), A, Map.of(KithHeaders.REDELIVERY,
                        "{\"partner\":\"" + B + "\",\"deadLetter\":\"x/0\",\"decisionId\":\"d-1\"}",
                        KithHeaders.DECLARED_BY, "oncall-1"));
                await().atMost(DEADLINE).until(() -> KafkaProbe.headerValues(hub.bootstrapServers(), topics.inbound(),
                        "ce_partnereventid").contains("evt-a-1"));
                assertEquals(List.of(A), KafkaProbe.headerValues(hub.bootstrapServers(), topics.inbound(), "ce_source"));
                List<String> names = org.kith.hub.topics.TopicReader.readAll(hub.bootstrapServers(), topics.inbound())
                        .stream().flatMap(r -> java.util.stream.StreamSupport.stream(r.headers().spliterator(), false))
                        .map(org.apache.kafka.common.header.Header::key).toList();
                assertTrue(names.stream().allMatch(n -> n.startsWith("ce_") || n.equals("content-type")), names.toString());

                // (b) not B's inbound topic, not the hub's shared one
                assertInstanceOf(TopicAuthorizationException.class, sendFailure(producerA, topics.inbound(B)));
                assertInstanceOf(TopicAuthorizationException.class, sendFailure(producerA, topics.inbound()));

                // (c) A's own topic, signed by A, but claiming to be B: refused, A told why, nothing forwarded
                send(producerA, topics.inbound(A), event("evt-a-2", B), A);
                JsonNode refusal = awaitStatus(a, topics.status(A), "evt-a-2");
                assertEquals("refused", refusal.path("outcome").asText());
                assertEquals("source-mismatch", refusal.path("reason").asText());
                // and an unsigned one
                send(producerA, topics.inbound(A), event("evt-a-3", A), null);
                assertEquals("unsigned", awaitStatus(a, topics.status(A), "evt-a-3").path("reason").asText());
                List<String> ids = KafkaProbe.headerValues(hub.bootstrapServers(), topics.inbound(), "ce_partnereventid");
                assertFalse(ids.contains("evt-a-2") || ids.contains("evt-a-3"), "nothing refused is forwarded: " + ids);
                assertEquals(List.of(A), KafkaProbe.headerValues(hub.bootstrapServers(), topics.inbound(), "ce_source")
                        .stream().filter(java.util.Objects::nonNull).toList());

                // (d) A reads its own outbound topic, not B's outbound or status topic
                try (var hubProducer = new KafkaProducer<>(Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, hub.bootstrapServers()),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
                    hubProducer.send(new ProducerRecord<>(topics.outbound(A), "for a".getBytes(StandardCharsets.UTF_8)))
                            .get(30, TimeUnit.SECONDS);
                }
                assertTrue(readAll(a, topics.outbound(A), 1).contains("for a"));
                assertInstanceOf(TopicAuthorizationException.class, readFailure(a, topics.outbound(B)));
                assertInstanceOf(TopicAuthorizationException.class, readFailure(a, topics.status(B)));

                // every record A wrote was stored or refused, then committed: none is read again after a restart
                await().atMost(DEADLINE).until(() -> ingressCommitted(hub, topics.inbound(A)) == 3);

                // (e) revoked: A's connection can write nothing more, and A cannot authenticate again
                hub.kafkaAccess().revoke(A);
                assertInstanceOf(TopicAuthorizationException.class, sendFailure(producerA, topics.inbound(A)));
            }
            try (var producerA = producer(a)) {
                assertInstanceOf(SaslAuthenticationException.class, sendFailure(producerA, topics.inbound(A)));
            }
            assertInstanceOf(SaslAuthenticationException.class, readFailure(a, topics.outbound(A)));
            try (var producerB = producer(b)) {
                send(producerB, topics.inbound(B), event("evt-b-1", B), B);
                await().atMost(DEADLINE).until(() -> KafkaProbe.headerValues(hub.bootstrapServers(), topics.inbound(),
                        "ce_partnereventid").contains("evt-b-1"));
            }
        }
    }

    /** The Kafka ingress's committed offset on a partner's (single-partition) inbound topic. */
    private static long ingressCommitted(Hub hub, String topic) throws Exception {
        try (var admin = KafkaProbe.admin(hub.bootstrapServers())) {
            var offsets = admin.listConsumerGroupOffsets(PREFIX + "kith-kafka-ingress").partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            var offset = offsets.get(new org.apache.kafka.common.TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    private static byte[] event(String id, String source) {
        return """
                {"specversion": "1.0", "id": "%s", "source": "%s", "type": "org.kith.referral.v1",
                 "subject": "R-1", "time": "2026-11-20T14:05:00Z", "familyid": "F-1", "purpose": "referral",
                 "recipients": "%s", "datacontenttype": "application/json",
                 "data": {"referralId": "R-1", "serviceType": "mental-health", "urgency": "routine",
                          "reason": "Counseling after a placement change",
                          "persons": [{"personId": "P-1", "role": "child", "birthDate": "2016-05-14"}]}}"""
                .formatted(id, source, B).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes one record as a partner's system would: the structured CloudEvent, signed (or not) by the key of
     * {@code signer}.
     */
    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] event, String signer)
            throws Exception {
        send(producer, topic, event, signer, Map.of());
    }

    /** {@link #send(KafkaProducer, String, byte[], String)} with {@code more} headers of the partner's own. */
    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] event, String signer,
                             Map<String, String> more) throws Exception {
        var record = new ProducerRecord<byte[], byte[]>(topic, "F-1".getBytes(StandardCharsets.UTF_8), event);
        more.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        if (signer != null) {
            record.headers().add(KithHeaders.SIGNATURE, DetachedJws.sign(AgencyAndClinic.keyOf(signer), Instant.now(),
                    SigningInput.structured(event)).getBytes(StandardCharsets.US_ASCII));
        }
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    /** The cause a write to the topic failed with; fails the test if the write succeeded. */
    private static Throwable sendFailure(KafkaProducer<byte[], byte[]> producer, String topic) {
        try {
            producer.send(new ProducerRecord<>(topic, event("evt-x", A))).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        return fail("the write to " + topic + " was accepted");
    }

    private static Throwable readFailure(KafkaCredential credential, String topic) {
        try (var consumer = consumer(credential)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500));
            }
        } catch (Exception e) {
            return e;
        }
        return fail("reading " + topic + " was allowed");
    }

    private static List<String> readAll(KafkaCredential credential, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (var consumer = consumer(credential)) {
            consumer.subscribe(List.of(topic));
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
                return values.size() >= expected;
            });
        }
        return values;
    }

    /** The notice on the partner's status topic about its message {@code partnerEventId}, read as the partner. */
    private static JsonNode awaitStatus(KafkaCredential credential, String topic, String partnerEventId) {
        List<JsonNode> notices = new ArrayList<>();
        try (var consumer = consumer(credential)) {
            consumer.subscribe(List.of(topic));
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    notices.add(Json.mapper().readTree(record.value()));
                }
                return notices.stream().anyMatch(n -> partnerEventId.equals(n.path("partnerEventId").asText()));
            });
        }
        return notices.stream().filter(n -> partnerEventId.equals(n.path("partnerEventId").asText())).findFirst()
                .orElseThrow();
    }

    private static Map<String, Object> client(KafkaCredential credential) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, credential.bootstrap());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put(SaslConfigs.SASL_MECHANISM, credential.mechanism());
        config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + credential.username() + "\" password=\"" + credential.password() + "\";");
        return config;
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaCredential credential) {
        Map<String, Object> config = client(credential);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaCredential credential) {
        Map<String, Object> config = client(credential);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, PREFIX + "kith-partner-" + credential.username() + ".test-"
                + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static HubConfig config(Path dir) throws Exception {
        Path partners = dir.resolve("partners.json");
        Files.writeString(partners, """
                {"partners": [
                  {"id": "%s", "kind": "child-welfare", "publicKeys": %s},
                  {"id": "%s", "kind": "mental-health", "publicKeys": %s}
                ]}""".formatted(A, AgencyAndClinic.publicKeys(AgencyAndClinic.keyOf(A)),
                B, AgencyAndClinic.publicKeys(AgencyAndClinic.keyOf(B))));
        return HubConfig.from(Map.of(
                HubOption.KAFKA_PORT.key(), "0",
                HubOption.KAFKA_PARTNER_PORT.key(), "0",
                HubOption.TOPIC_PREFIX.key(), PREFIX,
                HubOption.TOPIC_PARTITIONS.key(), "1",
                HubOption.DATA_DIR.key(), dir.resolve("data").toString(),
                HubOption.PARTNERS_FILE.key(), partners.toString(),
                HubOption.KEYS_PASSPHRASE.key(), AgencyAndClinic.PASSPHRASE,
                HubOption.HTTP_PORT.key(), "0"), Map.of(), Map.of());
    }
}
