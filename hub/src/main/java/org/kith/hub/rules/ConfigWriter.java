package org.kith.hub.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kith.hub.admin.AdminChanges;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.topics.Topics;
import org.kith.schemas.Json;

/**
 * Writes configuration entries and the administrative changes they are, in one Kafka transaction:
 * every instance's global store and the ledger see all of a change or none of it (the core and the
 * global stores read committed records only). One writer per process; calls are serialised.
 */
public final class ConfigWriter implements AutoCloseable {

    /** A config-topic entry to write: {@code value} null deletes it. */
    public record Put(String key, JsonNode value) {
    }

    private final Map<String, Object> settings;
    private final Topics topics;
    private KafkaProducer<String, byte[]> producer;

    public ConfigWriter(String bootstrapServers, Topics topics) {
        this.topics = topics;
        this.settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.applicationId() + "-config-" + UUID.randomUUID(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    }

    /**
     * Writes {@code puts} to the config topic and each of {@code changes} as an admin-change notice
     * for the ledger, atomically; throws {@link IllegalStateException} if Kafka did not take them
     * (then nothing was written).
     */
    public synchronized void write(List<Put> puts, List<LedgerEvent.AdminChange> changes) {
        try {
            if (producer == null) {
                producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
                producer.initTransactions();
            }
            producer.beginTransaction();
            for (Put put : puts) {
                producer.send(new ProducerRecord<>(topics.config(), put.key(), put.value() == null ? null : bytes(put.value())));
            }
            for (LedgerEvent.AdminChange change : changes) {
                producer.send(AdminChanges.notice(topics.inbound(), change));
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            // the transaction is aborted by closing: a fresh producer (same transactional id) fences its leftovers
            producer.close();
            producer = null;
            throw new IllegalStateException("the config topic did not take the change", e);
        }
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return Json.mapper().writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
