package org.kith.bench.family;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kith.bench.BenchRun;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code bench/run.sh family [--quick]}: the time to file the Nth directive of one family, and to
 * read the engine's record of it (from the store, and through the core's cache), for N = 1, 100 and 1,000 ({@link FamilyFilingBenchmark}, JMH,
 * forked JVMs), with the ratios N = 1,000 / N = 1 and N = 100 / N = 1 taken within the same run,
 * written as {@code {"machine": ..., "metrics": {...}}}.
 */
public final class FamilyBench {

    private FamilyBench() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        BenchRun run = BenchRun.fromArgs(args, "bench/results/family.json");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(FamilyFilingBenchmark.class.getName() + "\\.")
                .jvmArgs("-Xms1g", "-Xmx1g")
                .shouldFailOnError(true);
        if (run.quick()) {
            options.forks(1).warmupIterations(4).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1));
        } else {
            options.forks(2).warmupIterations(6).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(8).measurementTime(TimeValue.seconds(2));
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (RunResult result : new Runner(options.build()).run()) {
            String benchmark = result.getParams().getBenchmark();
            String what = benchmark.endsWith(".fileNth") ? "file_nth_us"
                    : benchmark.endsWith(".readRecordCached") ? "read_record_cached_us" : "read_record_us";
            String n = result.getParams().getParam("n");
            metrics.put(what + "_n" + n, round(result.getPrimaryResult().getScore()));
            metrics.put(what + "_error_n" + n, round(result.getPrimaryResult().getScoreError()));
        }
        for (String what : new String[] {"file_nth_us", "read_record_us", "read_record_cached_us"}) {
            ratio(metrics, what.replace("_us", "") + "_ratio_1000_to_1", what + "_n1000", what + "_n1");
            ratio(metrics, what.replace("_us", "") + "_ratio_100_to_1", what + "_n100", what + "_n1");
        }
        run.write(metrics);
    }

    private static void ratio(Map<String, Object> metrics, String name, String numerator, String denominator) {
        if (metrics.get(numerator) instanceof Double n && metrics.get(denominator) instanceof Double d && d > 0) {
            metrics.put(name, Math.round(100.0 * n / d) / 100.0);
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
