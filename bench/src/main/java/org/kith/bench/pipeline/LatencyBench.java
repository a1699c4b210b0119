package org.kith.bench.pipeline;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.kith.bench.BenchRun;
import org.kith.hub.Hub;
import org.kith.hub.broker.EmbeddedKafkaBroker;
import org.kith.hub.testing.KafkaCluster;
import org.kith.hub.topics.Topics;

/**
 * Where the time of a message goes at 1,000 msg/s, hub beside the raw exactly-once copy in one run:
 * throughput of each over the same input (the ratio), then each at a fixed open-loop rate with the
 * {@link LatencyProbe}'s stages, the {@link RunConditions} of each window (GC pauses, run-queue
 * waits, machine load) and the Kafka clients' own figures (Streams commit and punctuation
 * latencies, transaction times, retries) read from JMX.
 *
 * <p>On the embedded broker (in this process) by default; {@code -Dkith.bench.bootstrap=host:port}
 * runs it on a cluster instead ({@code -Dkith.bench.replication=3}). Hub settings on top of the
 * hub's defaults: {@code -Dkith.bench.hub.<key>=<value>}; the observers' consumer settings:
 * {@code -Dkith.bench.observer.<key>=<value>}; the window {@code -Dkith.bench.seconds} (20, full 60).
 */
public final class LatencyBench {

    private static final int PARTITIONS = 6;
    private static final int RATE = 1_000;
    private static final String AGENCY = "county-cw";
    private static final String CLINIC = "riverside-clinic";

    private LatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchRun run = BenchRun.fromArgs(args, "bench/results/latency.json");
        Duration window = Duration.ofSeconds(Long.getLong("kith.bench.seconds", run.quick() ? 20 : 60));
        int messages = Integer.getInteger("kith.bench.messages", run.quick() ? 20_000 : 100_000);
        short replication = Boolean.getBoolean("kith.bench.cluster") ? KafkaCluster.REPLICATION
                : Short.parseShort(System.getProperty("kith.bench.replication", "1"));
        Map<String, String> hubSettings = prefixed("kith.bench.hub.");
        Map<String, Object> observer = new LinkedHashMap<>(prefixed("kith.bench.observer."));
        Path dir = Files.createTempDirectory("kith-bench-latency");
        Map<String, Object> metrics = new LinkedHashMap<>();
        Optional<String> cluster = Optional.ofNullable(System.getProperty("kith.bench.bootstrap"));
        if (Boolean.getBoolean("kith.bench.cluster")) {
            metrics.put("broker", "KafkaCluster: " + KafkaCluster.DEFAULT_BROKERS + " KRaft nodes, each a JVM of its own, replication "
                    + replication + ", min ISR " + KafkaCluster.MIN_IN_SYNC);
            try (var nodes = KafkaCluster.start(dir.resolve("cluster"))) {
                var bench = new PipelineBench(nodes.bootstrapServers(), dir, replication, hubSettings);
                measure(bench, nodes.bootstrapServers(), replication, messages, window, observer, metrics);
                scaleOut(bench, replication, messages, metrics);
            }
            run.write(metrics);
            System.out.println("wrote " + metrics);
            System.exit(0);
        }
        metrics.put("broker", cluster.map(c -> "cluster, replication " + replication).orElse("embedded, in this process"));
        metrics.put("hub_settings", hubSettings.toString());
        metrics.put("observer_settings", observer.toString());
        metrics.put("window_s", window.toSeconds());
        Class.forName(RunConditions.class.getName()); // its GC listener, before the runs
        if (cluster.isPresent()) {
            measure(new PipelineBench(cluster.get(), dir, replication, hubSettings), cluster.get(), replication, messages,
                    window, observer, metrics);
        } else {
            try (var broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
                measure(new PipelineBench(broker.bootstrapServers(), dir, replication, hubSettings), broker.bootstrapServers(),
                        replication, messages, window, observer, metrics);
            }
        }
        run.write(metrics);
        System.out.println("wrote " + metrics);
        System.exit(0);
    }

    private static void measure(PipelineBench bench, String bootstrap, short replication, int messages, Duration window,
                                Map<String, Object> observer, Map<String, Object> metrics) throws Exception {
        String run = "r" + System.currentTimeMillis() % 100_000 + ".";
        List<ProducerRecord<String, byte[]>> referrals = bench.referrals(messages);
        metrics.put("messages", messages);
        int commitMs = Integer.parseInt(bench.hubSetting("kith.commit.interval.ms", "100"));

        // warm-up: a throw-away hub compiles the hub's code, so the hub figures are not the JIT's
        Topics warm = new Topics(run + "warm.", PARTITIONS, replication);
        try (Hub hub = bench.startHub(warm, commitMs)) {
            bench.grantHalfTheFamilies(warm);
            bench.produce(warm.inbound(), retarget(referrals.subList(0, Math.min(5_000, messages)), warm.inbound()));
            bench.awaitConsumed(warm, bench.produced(warm.inbound()));
        }

        // throughput over the same input: raw copy, then hub
        String rawIn = run + "raw.in";
        String rawOut = run + "raw.out";
        bench.createTopics(rawIn, rawOut);
        bench.produce(rawIn, referrals);
        long start = System.nanoTime();
        try (var copier = bench.new RawCopier(rawIn, rawOut)) {
            copier.copy(messages);
        }
        double raw = messages / ((System.nanoTime() - start) / 1e9);
        metrics.put("raw_msgs_per_s", Math.round(raw));

        Topics topics = new Topics(run + "hub.", PARTITIONS, replication);
        try (Hub hub = bench.startHub(topics, commitMs)) {
            bench.grantHalfTheFamilies(topics);
            bench.produce(topics.inbound(), retarget(referrals, topics.inbound()));
            start = System.nanoTime();
            bench.awaitConsumed(topics, 2_000 + messages);
            double hubRate = messages / ((System.nanoTime() - start) / 1e9);
            metrics.put("hub_msgs_per_s", Math.round(hubRate));
            metrics.put("ratio", Math.round(100 * hubRate / raw) / 100.0);

            // the hub at 1,000 msg/s: decisions on the sender's status topic, copies on the clinic's outbound topic
            var conditions = RunConditions.start();
            var probe = new LatencyProbe(bootstrap, topics.status(AGENCY), topics.outbound(CLINIC), observer);
            probe.measure(window, RATE, bench::referralsAt, topics.inbound());
            metrics.putAll(probe.figures("hub_"));
            metrics.putAll(conditions.figures("hub_", probe.tailIntendedMillis(), probe.percentile(99)));
            metrics.putAll(clientFigures("hub_"));
        }

        // the raw copy at 1,000 msg/s
        String latIn = run + "raw.lat.in";
        String latOut = run + "raw.lat.out";
        bench.createTopics(latIn, latOut);
        try (var copier = bench.new RawCopier(latIn, latOut)) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread loop = new Thread(() -> copier.copyWhile(running), "raw-copier");
            loop.start();
            var conditions = RunConditions.start();
            var probe = new LatencyProbe(bootstrap, latOut, latOut, observer);
            probe.measure(window, RATE, bench::referralsAt, latIn);
            running.set(false);
            loop.join();
            metrics.putAll(probe.figures("raw_"));
            metrics.putAll(conditions.figures("raw_", probe.tailIntendedMillis(), probe.percentile(99)));
            metrics.putAll(clientFigures("raw_"));
        }
    }

    /**
     * Throughput of one, two and three hub instances (in this process, each with its own data directory
     * and stream thread, one consumer group) over the same input, and this process's CPU per message:
     * the brokers run in processes of their own, so that CPU is the hubs' (and the harness's polling).
     */
    private static void scaleOut(PipelineBench bench, short replication, int messages, Map<String, Object> metrics)
            throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<ProducerRecord<String, byte[]>> referrals = bench.referrals(messages);
        for (int instances = 1; instances <= 3; instances++) {
            Topics topics = new Topics("scale" + instances + "." + System.currentTimeMillis() % 100_000 + ".", PARTITIONS, replication);
            List<Hub> hubs = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) {
                    hubs.add(bench.startHub(topics, 100, true, "-" + i));
                }
                bench.grantHalfTheFamilies(topics);
                bench.produce(topics.inbound(), retarget(referrals, topics.inbound()));
                double load = RunConditions.loadAverage();
                long cpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                bench.awaitConsumed(topics, 2_000 + messages);
                double rate = messages / ((System.nanoTime() - start) / 1e9);
                metrics.put("scale_" + instances + "_instances_load_average_before", load);
                metrics.put("scale_" + instances + "_instances_msgs_per_s", Math.round(rate));
                metrics.put("scale_" + instances + "_instances_cpu_us_per_msg",
                        Math.round((os.getProcessCpuTime() - cpu) / 1e3 / messages));
                metrics.put("scale_" + instances + "_instances_ratio_to_raw",
                        Math.round(100 * rate / ((Number) metrics.get("raw_msgs_per_s")).doubleValue()) / 100.0);
            } finally {
                for (Hub hub : hubs) {
                    hub.close();
                }
            }
        }
    }

    private static List<ProducerRecord<String, byte[]>> retarget(List<ProducerRecord<String, byte[]>> records, String topic) {
        return records.stream().map(r -> new ProducerRecord<String, byte[]>(topic, null, r.key(), r.value(), r.headers())).toList();
    }

    private static Map<String, String> prefixed(String prefix) {
        Map<String, String> values = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(prefix)).sorted()
                .forEach(k -> values.put(k.substring(prefix.length()), System.getProperty(k)));
        return values;
    }

    /**
     * The Kafka clients' figures of the window just run, from JMX: the Streams thread's commit,
     * poll, process and punctuation latencies (averages and maxima over the metrics' sample window)
     * and the transactional producers' time in commits and their retries.
     */
    private static Map<String, Object> clientFigures(String prefix) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Object> out = new LinkedHashMap<>();
        for (ObjectName name : server.queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null)) {
            for (String attribute : List.of("commit-latency-avg", "commit-latency-max", "commit-rate", "poll-latency-avg",
                    "poll-latency-max", "process-latency-max", "punctuate-latency-avg", "punctuate-latency-max",
                    "punctuate-rate", "poll-records-avg")) {
                add(out, prefix + "streams_" + attribute, server, name, attribute);
            }
        }
        for (ObjectName name : server.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
            String client = name.getKeyProperty("client-id");
            boolean transactional = client.contains("StreamThread") || client.contains("raw-");
            if (!transactional) {
                continue;
            }
            String who = client.contains("StreamThread") ? "streams_producer_" : "raw_producer_";
            for (String attribute : List.of("txn-commit-time-ns-total", "txn-send-offsets-time-ns-total", "record-retry-total",
                    "record-error-total", "request-latency-avg", "request-latency-max", "batch-size-avg",
                    "records-per-request-avg", "record-queue-time-avg", "record-queue-time-max")) {
                add(out, prefix + who + attribute, server, name, attribute);
            }
        }
        return out;
    }

    private static void add(Map<String, Object> out, String key, MBeanServer server, ObjectName name, String attribute) {
        try {
            Object value = server.getAttribute(name, attribute);
            if (value instanceof Number n) {
                out.merge(key, Math.round(n.doubleValue() * 100) / 100.0, (a, b) -> a);
            }
        } catch (Exception e) {
            // not every client has every metric
        }
    }
}
