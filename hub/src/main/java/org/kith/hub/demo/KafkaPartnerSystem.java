package org.kith.hub.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kith.hub.broker.PartnerKafkaAccess;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.SigningInput;
import org.kith.hub.crypto.SigningKey;
import org.kith.schemas.KithHeaders;

/**
 * A partner system that connects to the hub's Kafka directly, with the SCRAM user the hub issued
 * it: it reads its own outbound topic and submits on its own inbound topic, each record a structured
 * CloudEvent signed by its key in the {@code kith-signature} header. Its ACLs allow nothing else.
 */
public final class KafkaPartnerSystem {

    private final Map<String, Object> client;
    private final String group;
    private final SigningKey key;
    private final Clock clock;

    /**
     * @param credential the Kafka part of the credentials the hub issued: username, password, mechanism,
     *                   bootstrap, securityProtocol
     * @param group      a consumer group the partner's ACLs allow ({@code <prefix>kith-partner-<id>})
     */
    public KafkaPartnerSystem(JsonNode credential, String group, SigningKey key, Clock clock) {
        this.client = Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, credential.path("bootstrap").asText(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, credential.path("securityProtocol").asText(),
                SaslConfigs.SASL_MECHANISM, credential.path("mechanism").asText(),
                SaslConfigs.SASL_JAAS_CONFIG, PartnerKafkaAccess.KafkaCredential.jaasConfig(
                        credential.path("username").asText(), credential.path("password").asText()));
        this.group = group;
        this.key = key;
        this.clock = clock;
    }

    /** Reads {@code topic} from the start until a record satisfies {@code wanted} or {@code deadline} passes. */
    public List<String> readUntil(String topic, java.util.function.Predicate<String> wanted, Duration deadline) {
        Map<String, Object> config = new java.util.HashMap<>(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group + "." + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        long end = System.nanoTime() + deadline.toNanos();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (values.stream().noneMatch(wanted) && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
        }
        if (values.stream().noneMatch(wanted)) {
            throw new IllegalStateException("demo: nothing wanted on " + topic + " within " + deadline);
        }
        return values;
    }

    /** Writes a signed message to {@code topic} (the partner's inbound topic), keyed by its family. */
    public void submit(String topic, String familyId, String event) {
        byte[] value = event.getBytes(StandardCharsets.UTF_8);
        var record = new ProducerRecord<>(topic, familyId, event);
        record.headers().add(KithHeaders.SIGNATURE, DetachedJws.sign(key, clock.instant(), SigningInput.structured(value))
                .getBytes(StandardCharsets.US_ASCII));
        try (var producer = new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("demo: the partner could not write to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
