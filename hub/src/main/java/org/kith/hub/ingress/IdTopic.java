package org.kith.hub.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kith.connectors.IdRegistry;
import org.kith.hub.topics.TopicProvisioner;
import org.kith.hub.topics.Topics;
import org.kith.schemas.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kith.ingress.ids}: every event id an instance accepted, so that every instance, and one
 * restarted, knows it. Each instance reads the topic from the beginning when it starts, before its
 * ingress opens, and follows it afterwards; each accepted id is written (acks from all in-sync
 * replicas) once its message is stored and before the sender is answered.
 *
 * <p>The topic is kept by time ({@link #retention}: a little over the time an id is remembered), not
 * compacted: every record is the first and only claim of its key, and what must survive a restart is
 * exactly the ids of the last {@code 2 x window}, which time retention keeps (Kafka deletes a segment
 * only once its newest record is older than the retention). Segments roll every window, so old ids
 * really go and a start reads about three windows of ids at most. One partition: every instance
 * reads all of it anyway, and it takes far more ids per second than the ingress accepts.
 *
 * <p>Crash points, for a message accepted at the REST or Kafka edge or a batch row: a crash before
 * the inbound write stores nothing and claims nothing durably, so the resend is accepted as new; a
 * crash between the inbound write and the write here leaves the message stored but its id unknown
 * to the others, so the resend is stored again, under the same message id, and the core decides it
 * once; a crash after both is a resend answered as such.
 */
public final class IdTopic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IdTopic.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    /** Beyond twice the window: clocks of instances differ a little, and a record is written after its claim. */
    private static final Duration MARGIN = Duration.ofMinutes(1);

    private final String topic;
    private final AcceptedIds ids;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread follower;

    private IdTopic(String bootstrap, String topic, Duration window, int capacityPerSender, Clock clock) {
        this.topic = topic;
        this.ids = new AcceptedIds(keep(window), capacityPerSender, clock, this::write);
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.MAX_BLOCK_MS_CONFIG, WRITE_TIMEOUT.toMillis()),
                new StringSerializer(), new ByteArraySerializer());
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.follower = new Thread(this::follow, "kith-ingress-ids");
        this.follower.setDaemon(true);
    }

    /**
     * Creates the topic if it is missing (or lengthens its retention if the window grew), reads every id
     * it holds, and starts following it; returns once the ids are read, so the ingress can open.
     *
     * @param window            the replay window; ids are remembered twice as long
     * @param capacityPerSender most ids one sender may hold
     */
    public static IdTopic open(String bootstrap, Topics topics, Duration window, int capacityPerSender, Clock clock) {
        ensure(bootstrap, topics, window);
        IdTopic opened = new IdTopic(bootstrap, topics.ingressIds(), window, capacityPerSender, clock);
        try {
            long started = System.nanoTime();
            int read = opened.readToEnd();
            LOG.info("Read {} accepted event ids from {} in {} ms ({} still remembered)", read, opened.topic,
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), opened.ids.size());
            opened.follower.start();
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** The registry the ingresses claim ids in. */
    public IdRegistry registry() {
        return ids;
    }

    /** The ids as this instance knows them. */
    AcceptedIds ids() {
        return ids;
    }

    /** How long an id is remembered after it was accepted: twice the replay window. */
    public static Duration keep(Duration window) {
        return window.multipliedBy(2);
    }

    /** How long the topic keeps a record, and the core its duplicate guard: a little over {@link #keep}. */
    public static Duration retention(Duration window) {
        return keep(window).plus(MARGIN);
    }

    private void write(AcceptedId id) throws Exception {
        producer.send(new ProducerRecord<>(topic, null, id.acceptedAt().toEpochMilli(), id.key(), value(id)))
                .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private int readToEnd() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        int read = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p, READ_TIMEOUT) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end within " + READ_TIMEOUT);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                remember(record);
                read++;
            }
        }
        return read;
    }

    private void follow() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                consumer.poll(Duration.ofSeconds(1)).forEach(this::remember);
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            // without the other instances' ids this one would still refuse its own resends, and the core
            // decides any other once; say so loudly
            LOG.error("Stopped following {}: {}", topic, e.getClass().getName(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void remember(ConsumerRecord<String, byte[]> record) {
        int bar = record.key() == null ? -1 : record.key().indexOf('|');
        try {
            JsonNode value = Json.mapper().readTree(record.value());
            if (bar < 1 || !value.path("messageId").isTextual() || !value.path("sha256").isTextual()) {
                throw new IOException("not an accepted id");
            }
            ids.remember(new AcceptedId(record.key().substring(0, bar), record.key().substring(bar + 1),
                    value.get("messageId").asText(), value.get("sha256").asText(), Instant.ofEpochMilli(record.timestamp())));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Skipped record {} of {}: not an accepted id", record.offset(), topic);
        }
    }

    private static byte[] value(AcceptedId id) throws IOException {
        return Json.mapper().writeValueAsBytes(Map.of("messageId", id.messageId(), "sha256", id.sha256()));
    }

    /** Creates the topic, or lengthens its retention to what the window needs now. */
    private static void ensure(String bootstrap, Topics topics, Duration window) {
        long retention = retention(window).toMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topics.ingressIds())) {
                // created here (or by another instance a moment earlier) with the retention the window needs
                TopicProvisioner.ensure(admin, List.of(topics.ingressIdsTopic(retention(window), window)));
                return;
            }
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.ingressIds());
            ConfigEntry kept = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource).get(TopicConfig.RETENTION_MS_CONFIG);
            long current = kept == null || kept.value() == null ? Long.MAX_VALUE : Long.parseLong(kept.value());
            if (current >= 0 && current < retention) {
                admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention)),
                        AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
                LOG.info("Retention of {} raised from {} ms to {} ms for the replay window", topics.ingressIds(),
                        current, retention);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not set up " + topics.ingressIds(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up " + topics.ingressIds(), e);
        }
    }

    @Override
    public void close() {
        if (follower.isAlive()) {
            consumer.wakeup();
            try {
                follower.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ofSeconds(5));
        }
        producer.close(Duration.ofSeconds(5));
    }
}
