package org.kith.bench.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongUnaryOperator;
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
 * End-to-end latency at a fixed open-loop rate, free of coordinated omission, split into stages.
 *
 * <p>Message {@code i} is due at {@code start + i / rate}; its record timestamp is that intended time
 * (not the moment it was actually sent, which a preempted or blocked generator would make late and so
 * hide the delay), and it is sent as soon as it is due, never waiting for the pipeline. Both pipelines
 * keep the input timestamp on their output, so the timestamp names the message wherever it appears.
 * Per message the probe takes, in microseconds from its intended time:
 * <ul>
 *   <li>{@code send}: when the generator handed it to its producer (the generator's own lag);</li>
 *   <li>{@code ack}: when the broker acknowledged it on the input topic (appended, all replicas);</li>
 *   <li>{@code produced}: when it is readable on the decision topic by a read_uncommitted consumer:
 *       the pipeline fetched, decided and wrote it, its transaction still open;</li>
 *   <li>{@code committed}: when a read_committed consumer of the decision topic reads it: its
 *       transaction committed;</li>
 *   <li>{@code recipient}: when a read_committed consumer of the recipient's topic reads it (the
 *       pipeline's copies; the hub's permitted half).</li>
 * </ul>
 */
final class LatencyProbe {

    /** Makes {@code count} input records for {@code topic}. */
    interface Input {
        List<ProducerRecord<String, byte[]>> records(String topic, int from, int count);
    }

    private static final long UNSEEN = Long.MIN_VALUE;

    private final String bootstrap;
    private final String decisionTopic;
    private final String recipientTopic;
    private final Map<String, Object> observerSettings;
    private long startMillis;
    private long startNanos;
    private int rate;
    private long[] send;
    private long[] ack;
    private long[] produced;
    private long[] committed;
    private long[] recipient;
    private int count;

    /** {@code observerSettings}: extra consumer settings of the three observers (e.g. fetch.max.wait.ms). */
    LatencyProbe(String bootstrap, String decisionTopic, String recipientTopic, Map<String, Object> observerSettings) {
        this.bootstrap = bootstrap;
        this.decisionTopic = decisionTopic;
        this.recipientTopic = recipientTopic;
        this.observerSettings = observerSettings;
    }

    LatencyProbe(String bootstrap, String output) {
        this(bootstrap, output, output, Map.of());
    }

    void measure(Duration duration, int perSecond, Input input, String inputTopic) throws InterruptedException {
        if (perSecond > 1_000) {
            throw new IllegalArgumentException("at most one message per millisecond: the timestamp names it");
        }
        rate = perSecond;
        count = (int) (duration.toSeconds() * perSecond);
        List<ProducerRecord<String, byte[]>> records = input.records(inputTopic, 0, count);
        send = unseen(count);
        ack = unseen(count);
        produced = unseen(count);
        committed = unseen(count);
        recipient = unseen(count);
        // the first message is due a moment from now, once the observers are subscribed
        startMillis = System.currentTimeMillis() + 2_000;
        startNanos = System.nanoTime() + Duration.ofMillis(startMillis - System.currentTimeMillis()).toNanos();
        AtomicBoolean sending = new AtomicBoolean(true);
        List<Thread> observers = List.of(
                observer("produced", decisionTopic, "read_uncommitted", produced, sending),
                observer("committed", decisionTopic, "read_committed", committed, sending),
                observer("recipient", recipientTopic, "read_committed", recipient, sending));
        observers.forEach(Thread::start);
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                long dueNanos = startNanos + i * 1_000_000_000L / perSecond;
                long wait = dueNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                var r = records.get(i);
                int index = i;
                send[i] = sinceIntended(i);
                producer.send(new ProducerRecord<>(inputTopic, null, intendedMillis(i), r.key(), r.value(), r.headers()),
                        (metadata, error) -> {
                            if (error == null) {
                                ack[index] = sinceIntended(index);
                            }
                        });
            }
        }
        sending.set(false);
        for (Thread observer : observers) {
            observer.join(Duration.ofMinutes(2).toMillis());
        }
    }

    private static long[] unseen(int count) {
        long[] values = new long[count];
        Arrays.fill(values, UNSEEN);
        return values;
    }

    private long intendedMillis(int i) {
        return startMillis + (long) i * 1_000 / rate;
    }

    /** Microseconds since message {@code i} was due. */
    private long sinceIntended(int i) {
        long dueNanos = startNanos + i * 1_000_000_000L / rate;
        return (System.nanoTime() - dueNanos) / 1_000;
    }

    private int indexOf(long timestamp) {
        long i = Math.round((timestamp - startMillis) * rate / 1_000.0);
        return i >= 0 && i < count && intendedMillis((int) i) == timestamp ? (int) i : -1;
    }

    /** Reads {@code topic} at {@code isolation} into {@code seen}, until sending ended and every message came or 30 s passed. */
    private Thread observer(String stage, String topic, String isolation, long[] seen, AtomicBoolean sending) {
        Map<String, Object> props = new LinkedHashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "latency-" + stage + "-" + topic + "-" + startMillis,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation));
        props.putAll(observerSettings);
        var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        consumer.poll(Duration.ofMillis(100)); // joins the group before the first message is due
        return new Thread(() -> {
            try (consumer) {
                long quietSince = Long.MAX_VALUE;
                int arrived = 0;
                while (true) {
                    for (var record : consumer.poll(Duration.ofMillis(20))) {
                        int i = indexOf(record.timestamp());
                        if (i >= 0 && seen[i] == UNSEEN) {
                            seen[i] = sinceIntended(i);
                            arrived++;
                        }
                    }
                    if (sending.get() || arrived < expected(stage)) {
                        quietSince = sending.get() ? Long.MAX_VALUE : Math.min(quietSince, System.nanoTime());
                        if (System.nanoTime() - quietSince < Duration.ofSeconds(30).toNanos()) {
                            continue;
                        }
                    }
                    return;
                }
            }
        }, "latency-" + isolation + "-" + topic);
    }

    /** Messages the decision topic gets (all of them); the recipient topic may get fewer, so it waits out the 30 s at most. */
    private int expected(String stage) {
        return stage.equals("recipient") && !recipientTopic.equals(decisionTopic) ? count / 2 : count;
    }

    /** The p-th percentile of the end-to-end latency to the recipient, in milliseconds (from the intended send time). */
    double percentile(double p) {
        return percentile(recipient, p);
    }

    private static double percentile(long[] micros, double p) {
        long[] seen = Arrays.stream(micros).filter(v -> v != UNSEEN).sorted().toArray();
        if (seen.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * seen.length) - 1;
        return Math.round(seen[Math.max(0, Math.min(index, seen.length - 1))] / 100.0) / 10.0;
    }

    /**
     * Every figure of the run under {@code prefix}: p50/p99/p99.9 of each cumulative stage and of each
     * stage's own share, how many messages were seen at each, and for the slowest 1% (by recipient
     * latency, or by commit where the recipient got none) the mean of each stage's share: where the tail's time went.
     */
    Map<String, Object> figures(String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, long[]> cumulative = new LinkedHashMap<>();
        cumulative.put("send", send);
        cumulative.put("ack", ack);
        cumulative.put("produced", produced);
        cumulative.put("committed", committed);
        cumulative.put("recipient", recipient);
        out.put(prefix + "messages", count);
        cumulative.forEach((stage, values) -> {
            out.put(prefix + stage + "_seen", Arrays.stream(values).filter(v -> v != UNSEEN).count());
            for (double p : new double[] {50, 99, 99.9}) {
                out.put(prefix + stage + "_p" + label(p) + "_ms", percentile(values, p));
            }
        });
        // each stage's own share: generator + decide + commit + deliver add up to the recipient's latency; append
        // (the input write's acknowledgement) runs beside decide, which counts from the send
        Map<String, LongUnaryOperator> shares = new LinkedHashMap<>();
        shares.put("generator", i -> send[(int) i]);
        shares.put("append", i -> diff(ack, send, (int) i));
        shares.put("decide", i -> diff(produced, send, (int) i));
        shares.put("commit", i -> diff(committed, produced, (int) i));
        shares.put("deliver", i -> diff(recipient, committed, (int) i));
        shares.forEach((stage, share) -> {
            long[] values = new long[count];
            for (int i = 0; i < count; i++) {
                values[i] = share.applyAsLong(i);
            }
            for (double p : new double[] {50, 99, 99.9}) {
                out.put(prefix + "stage_" + stage + "_p" + label(p) + "_ms", percentile(values, p));
            }
        });
        // the slowest 1% by the time to commit (every message is committed; only the permitted half reaches the recipient)
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (committed[i] != UNSEEN) {
                order.add(i);
            }
        }
        order.sort((a, b) -> Long.compare(committed[b], committed[a]));
        List<Integer> tail = order.subList(0, Math.max(1, order.size() / 100));
        shares.forEach((stage, share) -> out.put(prefix + "tail1pct_mean_" + stage + "_ms", Math.round(tail.stream()
                .mapToLong(i -> share.applyAsLong(i)).filter(v -> v != UNSEEN).average().orElse(Double.NaN) / 100.0) / 10.0));
        return out;
    }

    /** The intended times (epoch ms) of the slowest 1% by commit, to lay beside GC pauses and other events. */
    long[] tailIntendedMillis() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (committed[i] != UNSEEN) {
                order.add(i);
            }
        }
        order.sort((a, b) -> Long.compare(committed[b], committed[a]));
        return order.subList(0, Math.max(1, order.size() / 100)).stream().mapToLong(this::intendedMillis).toArray();
    }

    /** Commit latency of message {@code i}, ms. */
    long[] committedMicros() {
        return committed.clone();
    }

    long startMillis() {
        return startMillis;
    }

    private static long diff(long[] later, long[] earlier, int i) {
        return later[i] == UNSEEN || earlier[i] == UNSEEN ? UNSEEN : later[i] - earlier[i];
    }

    private static String label(double p) {
        return p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p).replace('.', '_');
    }
}
