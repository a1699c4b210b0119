package org.kith.bench.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end latency at a fixed open-loop rate: records are sent on a schedule (never waiting for
 * the pipeline, so a slow pipeline shows as latency, not as a lower rate) with their send time as
 * the record timestamp; a read_committed consumer of the output takes the difference on arrival.
 * Both pipelines keep the input timestamp on their output.
 */
final class LatencyProbe {

    /** Makes {@code count} input records for {@code topic}. */
    interface Input {
        List<ProducerRecord<String, byte[]>> records(String topic, int from, int count);
    }

    private final String bootstrap;
    private final String output;
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

    LatencyProbe(String bootstrap, String output) {
        this.bootstrap = bootstrap;
        this.output = output;
    }

    void measure(Duration duration, int perSecond, Input input, String inputTopic) throws InterruptedException {
        int count = (int) (duration.toSeconds() * perSecond);
        List<ProducerRecord<String, byte[]>> records = input.records(inputTopic, 0, count);
        long startMillis = System.currentTimeMillis();
        Thread reader = new Thread(() -> read(startMillis, count), "latency-reader");
        reader.start();
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            long interval = 1_000_000_000L / perSecond;
            for (int i = 0; i < count; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                var r = records.get(i);
                producer.send(new ProducerRecord<>(inputTopic, null, System.currentTimeMillis(), r.key(), r.value(), r.headers()));
            }
        }
        reader.join(Duration.ofMinutes(5).toMillis());
    }

    private void read(long startMillis, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "latency-" + output + "-" + startMillis,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(output));
            long deadline = System.currentTimeMillis() + Duration.ofMinutes(5).toMillis();
            while (latencies.size() < expected && System.currentTimeMillis() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(50))) {
                    if (record.timestamp() >= startMillis) {
                        latencies.add(System.currentTimeMillis() - record.timestamp());
                    }
                }
            }
        }
    }

    /** The p-th percentile of the measured latencies, in milliseconds. */
    double percentile(double p) {
        List<Long> sorted = new ArrayList<>(latencies);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
