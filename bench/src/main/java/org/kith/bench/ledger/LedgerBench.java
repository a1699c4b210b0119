package org.kith.bench.ledger;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.kith.bench.BenchRun;
import org.kith.hub.crypto.KeyRing;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.ledger.HashChain;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.ledger.LedgerRecord;
import org.kith.hub.ledger.LedgerVerification;
import org.kith.hub.ledger.LedgerVerifier;
import org.kith.hub.ledger.TimestampHook;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code bench/run.sh ledger [--quick]}: ledger append and verification rates in this JVM, then
 * Ed25519 sign/verify rates under JMH ({@link Ed25519Benchmark}), written as
 * {@code {"machine": ..., "metrics": {...}}}.
 *
 * <p>Append: one {@link HashChain} on one thread appends payload-free decision, delivery, refusal
 * and consent records (cycling through 1,024 prepared ones), each chained, hashed and serialised to
 * its JSON line (what would be written to Kafka), with a checkpoint every 1,000 records: Merkle
 * root and an Ed25519 signature included. Verify: {@link LedgerVerifier} over those lines, every
 * record parsed, canonicalised, hashed and linked, every checkpoint's root and signature checked.
 * Each is timed over whole rounds after untimed warm-up rounds; the figure is the median round's
 * rate and the min and max rounds are reported beside it. Wall-clock time on a machine shared with
 * other work: the load average is recorded before and after.
 */
public final class LedgerBench {

    static final int CHECKPOINT_EVERY = 1_000;

    public static void main(String[] args) throws IOException, RunnerException {
        BenchRun run = BenchRun.fromArgs(args, "bench/results/ledger.json");
        boolean quick = run.quick();
        Map<String, Object> metrics = new LinkedHashMap<>();
        int records = quick ? 100_000 : 300_000;
        int warmups = quick ? 3 : 5;
        int rounds = quick ? 5 : 9;
        appendAndVerify(records, warmups, rounds, metrics);
        runJmh(quick, metrics);
        ratio(metrics, "bc_to_jdk_sign_ratio", "bc_ed25519_sign_per_s", "jdk_ed25519_sign_per_s");
        ratio(metrics, "bc_to_jdk_verify_ratio", "bc_ed25519_verify_per_s", "jdk_ed25519_verify_per_s");
        run.write(metrics);
    }

    private static void appendAndVerify(int records, int warmups, int rounds, Map<String, Object> metrics) {
        KeyRing keys = KeyRing.of(SigningKey.generate(new SecureRandom()), Clock.systemUTC());
        LedgerEvent[] events = events(1024, new Random(42));
        LedgerVerifier verifier = new LedgerVerifier(keys);
        double[] appendRates = new double[rounds];
        double[] verifyRates = new double[rounds];
        long bytes = 0;
        int written = 0;
        for (int round = -warmups; round < rounds; round++) {
            HashChain chain = new HashChain(HashChain.State.empty("kith.ledger-0"),
                    new HashChain.Policy(CHECKPOINT_EVERY, Duration.ofHours(1)), keys, TimestampHook.NONE, Clock.systemUTC());
            List<String> lines = new ArrayList<>(records + records / CHECKPOINT_EVERY + 1);
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                for (LedgerRecord record : chain.append(events[i & 1023])) {
                    lines.add(record.toLine());
                }
            }
            long appended = System.nanoTime();
            LedgerVerification result = verifier.verify(lines);
            long verified = System.nanoTime();
            if (!(result instanceof LedgerVerification.Ok ok) || ok.records() != lines.size()) {
                throw new IllegalStateException("the benchmark's own ledger does not verify: " + result);
            }
            if (round >= 0) {
                appendRates[round] = records / ((appended - start) / 1e9);
                verifyRates[round] = lines.size() / ((verified - appended) / 1e9);
            }
            bytes = lines.stream().mapToLong(String::length).sum();
            written = lines.size();
            System.out.printf("round %d: append %.0f/s, verify %.0f/s%n", round, records / ((appended - start) / 1e9),
                    lines.size() / ((verified - appended) / 1e9));
        }
        metrics.put("records_per_round", records);
        metrics.put("checkpoint_every", CHECKPOINT_EVERY);
        metrics.put("mean_record_bytes", Math.round((double) bytes / written));
        put(metrics, "append", appendRates);
        put(metrics, "verify", verifyRates);
    }

    private static void put(Map<String, Object> metrics, String name, double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        metrics.put(name + "_per_s", Math.round(sorted[sorted.length / 2]));
        metrics.put(name + "_per_s_min", Math.round(sorted[0]));
        metrics.put(name + "_per_s_max", Math.round(sorted[sorted.length - 1]));
    }

    private static LedgerEvent[] events(int count, Random random) {
        LedgerEvent[] events = new LedgerEvent[count];
        for (int i = 0; i < count; i++) {
            int n = random.nextInt(1_000_000);
            events[i] = switch (i % 4) {
                case 0 -> new LedgerEvent.Decision("dec-" + n, "msg-" + n, "org.kith.referral.v1", "F-" + n % 9973, List.of("P-" + n % 7),
                    "county-cw",
                        "riverside-clinic", "referral", n % 3 == 0 ? "deny" : "redact",
                        List.of("administrative", "identity", "service"), List.of("behavioral-health:no-consent"),
                        List.of("D-" + n, "MOU-2026-cw-clinic"), List.of("no-consent"), List.of("deny-beats-permit"),
                        "kith-consent/1+us-example@2026.1");
                case 1 -> new LedgerEvent.Delivery("dec-" + n, "msg-" + n, "riverside-clinic", "webhook",
                        String.format("%064x", n), "If4x36FUomFia_hUBG_SJw");
                case 2 -> new LedgerEvent.Refusal("county-cw", "evt-" + n, "replayed", String.format("%064x", n));
                default -> new LedgerEvent.ConsentRecorded("consent-directive", "D-" + n, "F-" + n % 9973, "msg-" + n,
                        "county-cw", "permit", List.of());
            };
        }
        return events;
    }

    private static void runJmh(boolean quick, Map<String, Object> metrics) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(Ed25519Benchmark.class.getName() + "\\.")
                .jvmArgs("-Xms512m", "-Xmx512m")
                .shouldFailOnError(true);
        if (quick) {
            options.forks(1).warmupIterations(4).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(4).measurementTime(TimeValue.seconds(2));
        } else {
            options.forks(2).warmupIterations(6).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(8).measurementTime(TimeValue.seconds(2));
        }
        for (RunResult run : new Runner(options.build()).run()) {
            String benchmark = run.getParams().getBenchmark();
            String name = switch (benchmark.substring(benchmark.lastIndexOf('.') + 1)) {
                case "bcSign" -> "bc_ed25519_sign_per_s";
                case "bcVerify" -> "bc_ed25519_verify_per_s";
                case "jdkSign" -> "jdk_ed25519_sign_per_s";
                case "jdkVerify" -> "jdk_ed25519_verify_per_s";
                default -> throw new IllegalStateException(benchmark);
            };
            metrics.put(name, Math.round(run.getPrimaryResult().getScore()));
            metrics.put(name.replace("_per_s", "_error_per_s"), Math.round(run.getPrimaryResult().getScoreError()));
        }
    }

    private static void ratio(Map<String, Object> metrics, String name, String numerator, String denominator) {
        if (metrics.get(numerator) instanceof Long n && metrics.get(denominator) instanceof Long d && d > 0) {
            metrics.put(name, Math.round(100.0 * n / d) / 100.0);
        }
    }
}
