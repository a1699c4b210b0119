package org.kith.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.topics.Topics;
import org.kith.schemas.Json;

/**
 * Writes an administrative change in one Kafka transaction: configuration entries, or a consent
 * document for a family's stream, together with the admin-change notices the ledger records them
 * by. Every instance's global store, the core and the ledger see all of a change or none of it (they
 * read committed records only). One writer per process; calls are serialised.
 */
public final class ChangeWriter implements AutoCloseable {

    /** A config-topic entry to write: {@code value} null deletes it. */
    public record Put(String key, JsonNode value) {
    }

    private final Map<String, Object> settings;
    private final Topics topics;
    private KafkaProducer<String, byte[]> producer;

    public ChangeWriter(String bootstrapServers, Topics topics) {
        this.topics = topics;
        this.settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.applicationId() + "-admin-" + UUID.randomUUID(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    }

    /**
     * Writes {@code puts} to the config topic and each of {@code changes} as an admin-change notice
     * for the ledger, atomically; throws {@link IllegalStateException} if Kafka did not take them
     * (then nothing was written).
     */
    public void write(List<Put> puts, List<LedgerEvent.AdminChange> changes) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        puts.forEach(put -> records.add(new ProducerRecord<>(topics.config(), put.key(),
                put.value() == null ? null : bytes(put.value()))));
        changes.forEach(change -> records.add(AdminChanges.notice(topics.inbound(), change)));
        write(records);
    }

    /**
     * Writes a consent document to the family's stream and the admin-change notice of who recorded
     * it right behind it (same key, same partition), atomically.
     */
    public void record(ProducerRecord<String, byte[]> document, LedgerEvent.AdminChange change) {
        write(List.of(document, AdminChanges.notice(topics.inbound(), change, document.key())));
    }

    /** Writes one notice for the ledger (e.g. of refused accesses) on its own. */
    public void notice(ProducerRecord<String, byte[]> notice) {
        write(List.of(notice));
    }

    private synchronized void write(List<ProducerRecord<String, byte[]>> records) {
        try {
            if (producer == null) {
                producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
                producer.initTransactions();
            }
            producer.beginTransaction();
            records.forEach(producer::send);
            producer.commitTransaction();
        } catch (KafkaException e) {
            // the transaction is aborted by closing: a fresh producer (same transactional id) fences its leftovers
            producer.close();
            producer = null;
            throw new IllegalStateException("Kafka did not take the change", e);
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
