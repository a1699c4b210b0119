package org.kith.hub.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the oldest message of each {@code kith.inbound} partition has waited for the
 * enforcement core: for each partition, the time since the first record the core's consumer group
 * has not committed was accepted (its timestamp), 0 when the core is caught up. Consumer lag in
 * time, which a count of records cannot say (a thousand small records may take a second, ten slow
 * ones a minute). Measured from outside the stream threads, every few seconds, by its own clients:
 * the group's committed offsets and the partitions' last stable offsets (Kafka's admin client),
 * then one read_committed record at each committed offset that is behind; so a stream thread that
 * is stuck, or slow on one family, shows here as an age that grows. The health degrades once one
 * passes {@code kith.health.max.undecided.age.ms} ({@link #behind}); each age is a gauge,
 * {@code kith_inbound_undecided_age_seconds{partition}}. A partition it could not read keeps its
 * last reading; ids and offsets only, never a record's content.
 */
public final class UndecidedAgeMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UndecidedAgeMonitor.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private final String group;
    private final String topic;
    private final Duration maxAge;
    private final Clock clock;
    private final HubMetrics metrics;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<Integer, Long> ages = new ConcurrentHashMap<>();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kith-undecided-age");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param group  the enforcement core's consumer group (its application id)
     * @param topic  the inbound topic
     * @param maxAge the age past which the health degrades
     */
    public UndecidedAgeMonitor(String bootstrapServers, String group, String topic, Duration maxAge, HubMetrics metrics,
                               Clock clock) {
        this.group = group;
        this.topic = topic;
        this.maxAge = maxAge;
        this.clock = clock;
        this.metrics = metrics;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    /** How often to measure for a health that degrades past {@code maxAge}: a quarter of it, from 250 ms to 5 s. */
    public static Duration every(Duration maxAge) {
        Duration quarter = maxAge.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(250)) < 0 ? Duration.ofMillis(250)
                : quarter.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : quarter;
    }

    /** Measures now and then every {@code every}, until closed. */
    public UndecidedAgeMonitor start(Duration every) {
        schedule.scheduleWithFixedDelay(this::measureQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void measureQuietly() {
        try {
            measure();
        } catch (Exception e) {
            // the broker is away or the group not formed yet: keep the last reading, try again next time
            LOG.debug("Could not measure the undecided age of {}: {}", topic, e.getClass().getName());
        }
    }

    /** One measurement of every partition of the inbound topic. */
    void measure() throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> behind = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long next = offset == null ? starts.get(partition) : Math.max(offset.offset(), starts.get(partition));
            if (next >= ends.get(partition)) {
                record(partition.partition(), 0L);
            } else {
                behind.put(partition, next);
            }
        }
        if (!behind.isEmpty()) {
            firstTimestamps(behind, ends).forEach((partition, timestamp) -> record(partition.partition(),
                    timestamp == null ? 0L : Math.max(0, clock.millis() - timestamp)));
        }
    }

    private void record(int partition, long ageMs) {
        if (ages.put(partition, ageMs) == null) {
            metrics.undecidedAge(partition, () -> ages.getOrDefault(partition, 0L));
        }
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)),
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS)
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * The timestamp of the first committed record at or after each offset; null where there is none
     * before the partition's end (only transaction markers or aborted records: caught up). A
     * partition not read within the timeout is left out.
     */
    private Map<TopicPartition, Long> firstTimestamps(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends) {
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        Map<TopicPartition, Long> found = new HashMap<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (found.size() < from.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                found.putIfAbsent(partition, record.timestamp());
            }
            for (TopicPartition partition : from.keySet()) {
                if (!found.containsKey(partition) && consumer.position(partition) >= ends.get(partition)) {
                    found.put(partition, null);
                }
            }
            consumer.pause(found.keySet());
        }
        consumer.unsubscribe();
        return found;
    }

    /** The latest age (ms) of each partition's oldest undecided message. */
    public Map<Integer, Long> ages() {
        return new TreeMap<>(ages);
    }

    /** The partitions whose oldest undecided message is older than the setting allows, if any. */
    public Set<Integer> behind() {
        return ages.entrySet().stream().filter(e -> e.getValue() > maxAge.toMillis()).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** For the health: the ages, the setting, and why it degrades if it does. */
    public Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, Long> byPartition = new TreeMap<>();
        ages().forEach((partition, age) -> byPartition.put(Integer.toString(partition), age));
        report.put("ageMs", byPartition);
        report.put("maxAgeMs", maxAge.toMillis());
        Set<Integer> behind = behind();
        if (!behind.isEmpty()) {
            report.put("reason", "core-behind: the oldest undecided message of " + topic + " partition "
                    + behind.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " is older than "
                    + maxAge.toMillis() + " ms");
        }
        return report;
    }

    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        schedule.shutdownNow();
        try {
            schedule.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
