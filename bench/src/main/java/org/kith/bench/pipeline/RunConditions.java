package org.kith.bench.pipeline;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * What else happened while a latency window ran, to lay beside its tail: this process's garbage
 * collection pauses (each one's start and length, from the JVM's notifications), how long this
 * process's runnable threads waited for a core (the kernel's per-thread run-queue delay,
 * {@code /proc/self/task/N/schedstat}: preemption on a shared machine), and how busy the whole
 * machine was ({@code /proc/stat}), with the load average before and after.
 */
final class RunConditions {

    private record Pause(long startMillis, long durationMillis) {
    }

    private static final List<Pause> PAUSES = new ArrayList<>();

    static {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
                    // concurrent cycles (G1's "Concurrent GC") do not stop the application
                    if (!notification.getMessage().contains("Concurrent") && !notification.getSource().toString().contains("Concurrent")) {
                        synchronized (PAUSES) {
                            PAUSES.add(new Pause(jvmStart + info.getStartTime(), info.getDuration()));
                        }
                    }
                }
            }, null, null);
        }
    }

    private final long startMillis = System.currentTimeMillis();
    private final double loadBefore = loadAverage();
    private final Map<String, Long> runDelayBefore = runQueueDelayNanos();
    private final long[] cpuBefore = machineCpu();

    /** The conditions from now on. */
    static RunConditions start() {
        return new RunConditions();
    }

    /** Figures under {@code prefix}; {@code tail} the intended send times of the slowest messages, {@code window} how long each lasted (ms). */
    Map<String, Object> figures(String prefix, long[] tailIntendedMillis, double tailLatencyMillis) {
        long endMillis = System.currentTimeMillis();
        double seconds = (endMillis - startMillis) / 1e3;
        long[] cpuAfter = machineCpu();
        List<Pause> pauses;
        synchronized (PAUSES) {
            pauses = PAUSES.stream().filter(p -> p.startMillis() >= startMillis && p.startMillis() <= endMillis).toList();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(prefix + "load_average_before", loadBefore);
        out.put(prefix + "load_average_after", loadAverage());
        long busy = (cpuAfter[0] - cpuBefore[0]);
        long total = (cpuAfter[1] - cpuBefore[1]);
        out.put(prefix + "machine_cpu_busy_pct", total == 0 ? Double.NaN : Math.round(1000.0 * busy / total) / 10.0);
        out.put(prefix + "process_run_queue_wait_ms_per_s", Math.round(runQueueDelayNanos().entrySet().stream()
                .mapToLong(e -> e.getValue() - runDelayBefore.getOrDefault(e.getKey(), 0L)).sum() / 1e6 / seconds));
        out.put(prefix + "gc_pauses", pauses.size());
        out.put(prefix + "gc_pause_total_ms", pauses.stream().mapToLong(Pause::durationMillis).sum());
        out.put(prefix + "gc_pause_max_ms", pauses.stream().mapToLong(Pause::durationMillis).max().orElse(0));
        // how many of the slowest messages were in flight while a pause ran
        long overlapping = java.util.Arrays.stream(tailIntendedMillis).filter(sent -> pauses.stream().anyMatch(p ->
                p.startMillis() + p.durationMillis() >= sent && p.startMillis() <= sent + (long) tailLatencyMillis)).count();
        out.put(prefix + "tail_messages_in_flight_during_a_gc_pause", overlapping);
        out.put(prefix + "tail_messages", tailIntendedMillis.length);
        return out;
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The run-queue delay (ns) of each of this process's live threads, by thread id; threads that ended take theirs with them. */
    private static Map<String, Long> runQueueDelayNanos() {
        Map<String, Long> delays = new java.util.HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    delays.put(task.getFileName().toString(),
                            Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[1]));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            // not Linux
        }
        return delays;
    }

    /** Busy and total jiffies of the machine's CPUs (user+nice+system+irq+softirq+steal, and all). */
    private static long[] machineCpu() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long user = Long.parseLong(f[1]), nice = Long.parseLong(f[2]), system = Long.parseLong(f[3]),
                    idle = Long.parseLong(f[4]), iowait = Long.parseLong(f[5]), irq = Long.parseLong(f[6]),
                    softirq = Long.parseLong(f[7]), steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new long[] {busy, busy + idle + iowait};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
