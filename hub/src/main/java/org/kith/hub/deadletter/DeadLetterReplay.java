package org.kith.hub.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kith.hub.admin.AdminChanges;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.topics.TopicReader;
import org.kith.hub.topics.Topics;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Json;

/**
 * The operator's tools for the dead-letter topic: list what is there (reasons and origins, never
 * the data), and replay one letter into {@code kith.inbound} after the cause was fixed, optionally
 * with corrected data. A replay takes the same path as any message, so it is validated and decided
 * again at replay time: consent and agreements as they are then, not as they were.
 *
 * <p>A dead letter is about the families it names: its record key (the family id the record was
 * keyed by, and so the family's stream a replay goes back into) and, for a letter of the hub's, the
 * {@code familyid} of the message. Each listing and action takes a test of those families (the
 * caller's agency scope): a letter that fails it is neither listed nor acted on, and is answered as
 * one that does not exist.
 */
public final class DeadLetterReplay {

    /** Header naming where a replayed record came from, for the ledger and for operators. */
    public static final String REPLAYED_FROM = "kith-replayed-from";

    /** One dead letter, without its data. */
    public record Summary(long offset, String reason, String detail, String key, String sourceTopic,
                          int sourcePartition, long sourceOffset, String at) {
    }

    private final String bootstrapServers;
    private final Topics topics;

    public DeadLetterReplay(String bootstrapServers, Topics topics) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
    }

    /** Any letter, whatever families it names. */
    public static final Predicate<Set<String>> EVERY_FAMILY = families -> true;

    public List<Summary> list() {
        return list(Optional.empty());
    }

    /** The hub's dead letters, or with {@code partner} the copies that partner refused for good (its webhook dead letters). */
    public List<Summary> list(Optional<String> partner) {
        return list(partner, EVERY_FAMILY);
    }

    /** {@link #list(Optional)}, only the letters whose families {@code visible} accepts. */
    public List<Summary> list(Optional<String> partner, Predicate<Set<String>> visible) {
        String topic = partner.map(topics::webhookDeadLetter).orElse(topics.deadLetter());
        List<Summary> visibleLetters = new java.util.ArrayList<>();
        for (var record : TopicReader.readAll(bootstrapServers, topic)) {
            JsonNode letter = json(record.value());
            if (visible.test(families(letter))) {
                visibleLetters.add(new Summary(record.offset(), letter.path("reason").asText(),
                        letter.path("detail").asText(), letter.path("key").asText(null),
                        letter.path("sourceTopic").asText(null), letter.path("sourcePartition").asInt(-1),
                        letter.path("sourceOffset").asLong(-1), letter.path("at").asText(null)));
            }
        }
        return visibleLetters;
    }

    /**
     * Resubmits the dead letter at {@code offset} (the dead-letter topic has one partition).
     *
     * @param correctedData replaces the original data (the record value) when present
     * @param actor         who replays it (a user id): the replay is an administrative change in the ledger
     */
    public void replay(long offset, Optional<byte[]> correctedData, String actor) {
        replay(offset, correctedData, actor, EVERY_FAMILY);
    }

    /**
     * {@link #replay(long, Optional, String)} of a letter whose families {@code allowed} accepts;
     * any other is {@link IllegalArgumentException}, as no letter at that offset is.
     */
    public void replay(long offset, Optional<byte[]> correctedData, String actor, Predicate<Set<String>> allowed) {
        JsonNode letter = TopicReader.readAll(bootstrapServers, topics.deadLetter()).stream()
                .filter(r -> r.offset() == offset).findFirst().map(r -> json(r.value()))
                .filter(found -> allowed.test(families(found)))
                .orElseThrow(() -> new IllegalArgumentException("no dead letter at offset " + offset));
        byte[] value = correctedData.orElseGet(() -> letter.hasNonNull("value")
                ? letter.get("value").asText().getBytes(StandardCharsets.UTF_8) : null);
        var replay = new ProducerRecord<String, byte[]>(topics.inbound(), letter.path("key").asText(null), value);
        letter.path("headers").fields().forEachRemaining(header ->
                replay.headers().add(header.getKey(), header.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        replay.headers().add(REPLAYED_FROM, (topics.deadLetter() + "/" + offset).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(replay).get();
            producer.send(AdminChanges.notice(topics.inbound(), new LedgerEvent.AdminChange(actor,
                    correctedData.isPresent() ? "deadletter-replay-corrected" : "deadletter-replay", "dead-letter",
                    String.valueOf(offset)))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the replay was not accepted by Kafka", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        }
    }

    /**
     * Delivers again a copy partner {@code partnerId} refused for good (its dead letter at {@code offset}),
     * once the partner fixed the cause: the released record, as the core wrote it (the same message id,
     * so the same {@code Idempotency-Key}, and the same handling headers), is copied to the end of its
     * partition of the partner's outbound topic, where the partner's webhook route takes it. It is not
     * decided again: it is the copy the hub already released, nothing more. The data cannot be changed.
     *
     * @throws IllegalArgumentException if there is no such dead letter
     * @throws IllegalStateException    if the released record is no longer kept by the outbound topic
     */
    public void redeliver(String partnerId, long offset, String actor) {
        redeliver(partnerId, offset, actor, EVERY_FAMILY);
    }

    /** {@link #redeliver(String, long, String)} of a letter whose family {@code allowed} accepts; any other is no letter. */
    public void redeliver(String partnerId, long offset, String actor, Predicate<Set<String>> allowed) {
        String deadLetters = topics.webhookDeadLetter(partnerId);
        JsonNode letter = TopicReader.readAll(bootstrapServers, deadLetters).stream()
                .filter(r -> r.offset() == offset).findFirst().map(r -> json(r.value()))
                .filter(found -> allowed.test(families(found)))
                .orElseThrow(() -> new IllegalArgumentException("no dead letter at offset " + offset));
        var source = new TopicPartition(letter.path("sourceTopic").asText(), letter.path("sourcePartition").asInt());
        ConsumerRecord<byte[], byte[]> released = TopicReader.readOne(bootstrapServers, source,
                letter.path("sourceOffset").asLong()).orElseThrow(() -> new IllegalStateException(
                "the released copy at " + source + "/" + letter.path("sourceOffset").asLong() + " is no longer kept"));
        var copy = new ProducerRecord<>(source.topic(), source.partition(), released.key(), released.value());
        released.headers().forEach(header -> {
            if (!header.key().equals(REPLAYED_FROM)) {
                copy.headers().add(header);
            }
        });
        copy.headers().add(REPLAYED_FROM, (deadLetters + "/" + offset).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(copy).get();
            producer.send(toBytes(AdminChanges.notice(topics.inbound(), new LedgerEvent.AdminChange(actor,
                    "deadletter-redeliver", "dead-letter", partnerId + "/" + offset)))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the redelivery was not accepted by Kafka", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while redelivering", e);
        }
    }

    /**
     * The families a letter is about: its record key, and the {@code familyid} attribute of the
     * message it holds (the hub's letters keep the CloudEvents headers), which differs from the key
     * only in a {@code key-mismatch} letter. None for a letter with neither.
     */
    static Set<String> families(JsonNode letter) {
        Set<String> families = new TreeSet<>();
        if (letter.path("key").isTextual()) {
            families.add(letter.get("key").asText());
        }
        JsonNode attribute = letter.path("headers").path(CloudEventCodec.Binding.KAFKA.prefix() + "familyid");
        if (attribute.isTextual()) {
            families.add(attribute.asText());
        }
        return families;
    }

    private static ProducerRecord<byte[], byte[]> toBytes(ProducerRecord<String, byte[]> record) {
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(),
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(),
                record.headers());
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
