package org.kith.bench.consent;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kith.bench.BenchRun;
import org.kith.consent.engine.ConsentDecision;
import org.kith.consent.engine.DecisionRequest;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code bench/run.sh consent [--quick]}: measures retained heap per directive in this JVM, runs
 * {@link ConsentDecisionBenchmark} under JMH (forked JVMs, GC profiler for allocation), and writes
 * {@code {"machine": ..., "metrics": {...}}}.
 *
 * <p>Heap per directive: full GCs until used heap stops falling, read {@link MemoryMXBean} heap
 * usage, build the engine with N directives, full GCs again, read again; the difference over N,
 * minus the benchmark's own list of family references. It counts everything the engine retains
 * because of those directives: the directives, the families' profiles and indexes, the family map.
 */
public final class ConsentBench {

    private static final int[] SIZES = {1_000, 100_000, 1_000_000};

    public static void main(String[] args) throws IOException, RunnerException {
        BenchRun run = BenchRun.fromArgs(args, "bench/results/consent.json");
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (int size : SIZES) {
            heapAndMix(size, metrics);
        }
        runJmh(run.quick(), metrics);
        run.write(metrics);
    }

    private static String label(int size) {
        return size >= 1_000_000 ? (size / 1_000_000) + "m" : (size / 1_000) + "k";
    }

    private static void heapAndMix(int size, Map<String, Object> metrics) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = settledUsedHeap(memory);
        Population population = Population.build(size, 42, Clock.systemUTC());
        long after = settledUsedHeap(memory);
        long familyList = 16L + 4L * population.families.size();
        double perDirective = (double) (after - before - familyList) / population.directives;
        metrics.put("bytes_per_directive_" + label(size), Math.round(perDirective));
        metrics.put("families_" + label(size), population.families.size());

        Map<ConsentDecision.Outcome, Integer> mix = new EnumMap<>(ConsentDecision.Outcome.class);
        DecisionRequest[] requests = population.requests(ConsentDecisionBenchmark.REQUESTS, 7);
        for (DecisionRequest r : requests) {
            mix.merge(population.engine.decide(r).outcome(), 1, Integer::sum);
        }
        for (ConsentDecision.Outcome o : ConsentDecision.Outcome.values()) {
            metrics.put("share_" + o.name().toLowerCase() + "_" + label(size),
                    Math.round(1000.0 * mix.getOrDefault(o, 0) / requests.length) / 1000.0);
        }
        System.out.printf("directives=%d families=%d bytes/directive=%.0f mix=%s%n", population.directives,
                population.families.size(), perDirective, mix);
    }

    private static long settledUsedHeap(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }

    private static void runJmh(boolean quick, Map<String, Object> metrics) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(ConsentDecisionBenchmark.class.getName() + "\\.")
                .param("directives", String.valueOf(SIZES[0]), String.valueOf(SIZES[1]), String.valueOf(SIZES[2]))
                .addProfiler(GCProfiler.class)
                .jvmArgs("-Xms3g", "-Xmx3g")
                .shouldFailOnError(true);
        // Warm-up is long on purpose: on 2 shared cores the JIT needs millions of decisions before
        // the code is compiled for good; shorter warm-ups measured C1 code (a third of the speed).
        if (quick) {
            options.forks(1).warmupIterations(6).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(4).measurementTime(TimeValue.seconds(2));
        } else {
            options.forks(2).warmupIterations(10).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(10).measurementTime(TimeValue.seconds(2));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        for (RunResult run : results) {
            String size = label(Integer.parseInt(run.getParams().getParam("directives")));
            String benchmark = run.getParams().getBenchmark();
            Result<?> primary = run.getPrimaryResult();
            double allocation = run.getSecondaryResults().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                    .mapToDouble(e -> e.getValue().getScore()).findFirst().orElse(Double.NaN);
            if (benchmark.endsWith(".latency")) {
                var stats = primary.getStatistics();
                metrics.put("p50_us_" + size, micros(stats.getPercentile(50)));
                metrics.put("p99_us_" + size, micros(stats.getPercentile(99)));
                metrics.put("p999_us_" + size, micros(stats.getPercentile(99.9)));
                metrics.put("mean_us_" + size, micros(stats.getMean()));
                metrics.put("samples_" + size, stats.getN());
            } else {
                metrics.put("decisions_per_s_" + size, Math.round(primary.getScore()));
                metrics.put("decisions_per_s_error_" + size, Math.round(primary.getScoreError()));
                metrics.put("alloc_bytes_per_decision_" + size, Math.round(allocation));
            }
        }
        if (metrics.get("p99_us_1m") instanceof Double p99m && metrics.get("p99_us_1k") instanceof Double p99k) {
            metrics.put("p99_ratio_1m_to_1k", Math.round(1000.0 * p99m / p99k) / 1000.0);
        }
    }

    private static double micros(double nanos) {
        return Math.round(nanos) / 1000.0;
    }
}
