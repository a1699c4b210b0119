package org.kith.hub.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kith.hub.admin.AdminChanges;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.topics.Topics;
import org.kith.schemas.Json;

/**
 * Writes a partnership configuration file into the config topic, where every hub instance follows
 * it. The file: {@code {"agreements": [...], "routingRules": [...], "statuteRules": [...]}}. Every entry is parsed before
 * anything is written, so a file with one bad entry changes nothing.
 */
public final class ConfigPublisher {

    private ConfigPublisher() {
    }

    /** The config-topic entries a file describes, by key, each checked. */
    public static Map<String, byte[]> entries(Path file) {
        try {
            return entries(Json.mapper().readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the config file " + file, e);
        }
    }

    /** The config-topic entries a configuration document describes, by key, each checked. */
    public static Map<String, byte[]> entries(JsonNode root) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (JsonNode agreement : root.path("agreements")) {
            ConfigCodec.agreement(agreement);
            ConfigCodec.referralSla(agreement);
            entries.put(ConfigCodec.key(ConfigCodec.AGREEMENT, agreement), bytes(agreement));
        }
        for (JsonNode rule : root.path("routingRules")) {
            ConfigCodec.rule(rule);
            entries.put(ConfigCodec.key(ConfigCodec.RULE, rule), bytes(rule));
        }
        for (JsonNode statute : root.path("statuteRules")) {
            ConfigCodec.statute(statute);
            entries.put(ConfigCodec.key(ConfigCodec.STATUTE, statute), bytes(statute));
        }
        return entries;
    }

    /**
     * Publishes the file's entries to the config topic and waits until the broker has them all; each
     * entry is also an administrative change by {@code actor} in the ledger.
     */
    public static int apply(Path file, String bootstrapServers, Topics topics, String actor) {
        Map<String, byte[]> entries = entries(file);
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (var entry : entries.entrySet()) {
                producer.send(new ProducerRecord<>(topics.config(), entry.getKey(), entry.getValue())).get();
                String kind = entry.getKey().substring(0, entry.getKey().indexOf(':'));
                producer.send(AdminChanges.notice(topics.inbound(), new LedgerEvent.AdminChange(actor, "config-set", kind,
                        entry.getKey().substring(kind.length() + 1)))).get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("the config topic did not take the configuration", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the configuration", e);
        }
        return entries.size();
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return Json.mapper().writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
