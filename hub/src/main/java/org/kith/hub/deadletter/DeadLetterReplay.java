package org.kith.hub.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kith.hub.admin.AdminChanges;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.topics.TopicReader;
import org.kith.hub.topics.Topics;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Json;
import org.kith.schemas.KithHeaders;

/**
 * The operator's tools for the dead-letter topic: list what is there (reasons and origins, never
 * the data), and replay one letter into {@code kith.inbound} after the cause was fixed, optionally
 * with corrected data. A replay takes the same path as any message, so it is validated and decided
 * again at replay time: consent and agreements as they are then, not as they were. A partner's
 * dead letter (a copy its endpoint refused for good) is redelivered the same way: decided again
 * when it happens ({@link #redeliver(String, long, String, Duration)}).
 *
 * <p>A dead letter is about the families it names: its record key (the family id the record was
 * keyed by, and so the family's stream a replay goes back into) and, for a letter of the hub's, the
 * {@code familyid} of the message. Each listing and action takes a test of those families (the
 * caller's agency scope): a letter that fails it is neither listed nor acted on, and is answered as
 * one that does not exist.
 */
public final class DeadLetterReplay {

    private static final String CE = CloudEventCodec.Binding.KAFKA.prefix();

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
     * What the core decided on a redelivery: the new decision's outcome ({@code permit}, {@code redact}
     * or {@code deny}) and the reason codes of what it withheld, as its ledger record says.
     */
    public record Decided(String decisionId, String outcome, List<String> reasons) {
        public Decided {
            reasons = List.copyOf(reasons);
        }

        /** Whether a copy went to the partner's outbound topic again (whole or redacted). */
        public boolean sent() {
            return !"deny".equals(outcome);
        }
    }

    /** A redelivery handed to the core, and its decision if the core made it within the wait. */
    public record Redelivered(Redelivery request, Optional<Decided> decided) {
    }

    /** {@link #redeliver(String, long, String, Duration)} without waiting for the decision. */
    public Redelivered redeliver(String partnerId, long offset, String actor) {
        return redeliver(partnerId, offset, actor, Duration.ZERO);
    }

    /**
     * Asks the core to deliver again a copy partner {@code partnerId} refused for good (its dead letter
     * at {@code offset}), once the partner fixed the cause. A redelivery is a new disclosure, decided
     * when it happens: the released copy (the copy already permitted once, so a decision on it can
     * only send the same or less) goes into the family's stream on {@code kith.inbound}, keyed by the
     * family, so it is ordered after any revocation already there, marked as a redelivery
     * ({@link KithHeaders#REDELIVERY}). The core decides it again for this partner alone, under a new
     * decision id: permitted, the partner gets a freshly signed copy with the same message id (so the
     * same {@code Idempotency-Key}); withheld, nothing is sent. Either way the ledger records the
     * decision as a redelivery of this dead letter. The data cannot be changed.
     *
     * @param wait how long to wait for the core's decision, read from the ledger; zero: not at all
     * @return the request (with the new decision's id) and the decision if it came within {@code wait}
     * @throws IllegalArgumentException if there is no such dead letter
     * @throws IllegalStateException    if the released record is no longer kept by the outbound topic
     */
    public Redelivered redeliver(String partnerId, long offset, String actor, Duration wait) {
        return redeliver(partnerId, offset, actor, wait, EVERY_FAMILY);
    }

    /**
     * {@link #redeliver(String, long, String, Duration)} of a letter whose family {@code allowed}
     * accepts; any other is no letter.
     */
    public Redelivered redeliver(String partnerId, long offset, String actor, Duration wait,
                                 Predicate<Set<String>> allowed) {
        String deadLetters = topics.webhookDeadLetter(partnerId);
        JsonNode letter = TopicReader.readAll(bootstrapServers, deadLetters).stream()
                .filter(r -> r.offset() == offset).findFirst().map(r -> json(r.value()))
                .filter(found -> allowed.test(families(found)))
                .orElseThrow(() -> new IllegalArgumentException("no dead letter at offset " + offset));
        var source = new TopicPartition(letter.path("sourceTopic").asText(), letter.path("sourcePartition").asInt());
        ConsumerRecord<byte[], byte[]> released = TopicReader.readOne(bootstrapServers, source,
                letter.path("sourceOffset").asLong()).orElseThrow(() -> new IllegalStateException(
                "the released copy at " + source + "/" + letter.path("sourceOffset").asLong() + " is no longer kept"));
        Header earlier = released.headers().lastHeader(KithHeaders.DECISION_ID);
        Redelivery request = new Redelivery(partnerId, deadLetters + "/" + offset, UUID.randomUUID().toString(),
                earlier == null ? null : new String(earlier.value(), StandardCharsets.UTF_8), actor);
        var again = new ProducerRecord<>(topics.inbound(), released.key(), released.value());
        for (Header header : released.headers()) {
            // the copy's CloudEvent, nothing of its delivery: the core signs and addresses a new copy
            if (header.key().startsWith(CE) || header.key().equals(CloudEventCodec.Binding.KAFKA.contentTypeHeader())) {
                again.headers().add(header);
            }
        }
        again.headers().add(KithHeaders.REDELIVERY, request.toJson());
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var ledger = wait.isZero() ? null : new LedgerWatch(bootstrapServers, topics.ledger());
             var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(again).get();
            producer.send(toBytes(AdminChanges.notice(topics.inbound(), new LedgerEvent.AdminChange(actor,
                    "deadletter-redeliver", "dead-letter", partnerId + "/" + offset)))).get();
            return new Redelivered(request, ledger == null ? Optional.empty() : ledger.decision(request.decisionId(), wait));
        } catch (ExecutionException e) {
            throw new IllegalStateException("the redelivery was not accepted by Kafka", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while redelivering", e);
        }
    }

    /**
     * The ledger from where it ends when the watch starts: a decision written afterwards is found
     * without reading the ledger from its beginning.
     */
    private static final class LedgerWatch implements AutoCloseable {
        private static final Duration TIMEOUT = Duration.ofSeconds(30);
        private final KafkaConsumer<String, String> consumer;

        LedgerWatch(String bootstrapServers, String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, "kith-redelivery-" + UUID.randomUUID(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(p -> consumer.position(p, TIMEOUT)); // fixes where the watch starts, before the request goes
        }

        Optional<Decided> decision(String decisionId, Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    JsonNode entry = json(record.value());
                    JsonNode body = entry.path("body");
                    if ("decision".equals(entry.path("kind").asText()) && decisionId.equals(body.path("decisionId").asText())) {
                        List<String> reasons = new ArrayList<>();
                        body.path("reasons").forEach(reason -> reasons.add(reason.asText()));
                        return Optional.of(new Decided(decisionId, body.path("outcome").asText(), reasons));
                    }
                }
            }
            return Optional.empty();
        }

        @Override
        public void close() {
            consumer.close();
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
