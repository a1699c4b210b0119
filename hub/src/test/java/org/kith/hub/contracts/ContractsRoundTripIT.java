package org.kith.hub.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cloudevents.kafka.KafkaMessageFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.testing.KafkaProbe;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.Examples;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;

/**
 * Every valid example survives the trip the hub makes with it: example -> envelope -> Kafka (the
 * CloudEvents Kafka binding as the hub writes it) -> the SDK's Kafka reader -> envelope, with
 * identical JSON at the end.
 */
class ContractsRoundTripIT {

    @Test
    void everyValidExampleRoundTripsThroughKafka() throws Exception {
        String bootstrap = KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED);
        String topic = KafkaBrokers.uniquePrefix("roundTrip") + "examples";
        try (Admin admin = KafkaProbe.admin(bootstrap)) {
            KafkaProbe.createTopic(admin, topic);
        }
        var validator = new SubmissionValidator();
        List<Envelope> sent = new ArrayList<>();
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
            int n = 0;
            for (Examples.Example example : Examples.all()) {
                if (!example.valid()) {
                    continue;
                }
                var submission = ((ValidationResult.Valid) validator.validate(example.bytes())).submission();
                Envelope envelope = Envelope.accepted("m-" + (++n),
                        OffsetDateTime.of(2026, 11, 23, 10, 0, n, 0, ZoneOffset.UTC), submission);
                var record = new ProducerRecord<>(topic, envelope.familyid(), CloudEventCodec.dataBytes(envelope));
                CloudEventCodec.headers(envelope, CloudEventCodec.Binding.KAFKA)
                        .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                producer.send(record).get();
                sent.add(envelope);
            }
        }

        List<Envelope> received = new ArrayList<>();
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(CloudEventCodec.fromCloudEvent(KafkaMessageFactory.createReader(record).toEvent()));
                }
            }
        }

        assertEquals(sent.size(), received.size());
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(sent.get(i), received.get(i));
            assertEquals(Json.mapper().readTree(CloudEventCodec.toStructuredJson(sent.get(i))),
                    Json.mapper().readTree(CloudEventCodec.toStructuredJson(received.get(i))));
        }
    }
}
