package org.kith.bench.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kith.bench.BenchRun;

/**
 * The figures of a fuzzing campaign ({@code bench/run.sh fuzz}), read from the Maven log of the
 * campaign: per fuzz target (a {@code *FuzzTest}), the inputs executed and in how many seconds,
 * the coverage and corpus libFuzzer reached, the distinct findings (one {@code DEDUP_TOKEN} each)
 * and the crash files written; and the size of the target's committed corpus. Written as
 * {@code bench/results/fuzz.json}, metrics keyed {@code <target>_<figure>}.
 *
 * <p>Usage: {@code FuzzReport --log FILE [--quick] [--load-before X] [--out FILE]}.
 */
public final class FuzzReport {

    private static final Pattern RUNNING = Pattern.compile("Running (org\\.kith\\.[\\w.]+\\.(\\w+)FuzzTest)$");
    /** libFuzzer's status lines ({@code #N NEW|REDUCE|pulse|DONE cov: .. ft: .. corp: ..}): the last one a target printed. */
    private static final Pattern STATUS = Pattern.compile("#(\\d+)\\s+[A-Z]+\\s+cov: (\\d+) ft: (\\d+) corp: (\\d+)/", Pattern.CASE_INSENSITIVE);
    private static final Pattern RUNS = Pattern.compile("^Done (\\d+) runs in (\\d+) second");
    private static final Pattern DEDUP = Pattern.compile("DEDUP_TOKEN: ");
    private static final Pattern CRASH_FILE = Pattern.compile("Test unit written to .*/crash-");
    private static final Pattern NEW_CRASH = Pattern.compile("crash-[0-9a-f]{40}");

    /** One target's figures, from its fuzzing run (the regression run before it has none). */
    private static final class Target {
        final String className;
        long executions;
        long seconds;
        long coverage;
        long features;
        long corpus;
        long findings;
        long crashFiles;

        Target(String className) {
            this.className = className;
        }
    }

    private FuzzReport() {
    }

    public static void main(String[] args) throws IOException {
        Path log = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--log")) {
                log = Path.of(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        if (log == null) {
            throw new IllegalArgumentException("--log FILE: the campaign's Maven log");
        }
        BenchRun run = BenchRun.fromArgs(rest.toArray(String[]::new), "bench/results/fuzz.json");
        Map<String, Target> targets = read(log);
        Map<String, Object> metrics = new LinkedHashMap<>();
        long executions = 0;
        long findings = 0;
        for (var entry : targets.entrySet()) {
            Target t = entry.getValue();
            String key = entry.getKey();
            metrics.put(key + "_corpus_files", corpusFiles(t.className));
            metrics.put(key + "_executions", t.executions);
            metrics.put(key + "_seconds", t.seconds);
            metrics.put(key + "_executions_per_s", t.seconds == 0 ? 0 : t.executions / t.seconds);
            metrics.put(key + "_coverage", t.coverage);
            metrics.put(key + "_features", t.features);
            metrics.put(key + "_corpus_reached", t.corpus);
            metrics.put(key + "_findings", t.findings);
            metrics.put(key + "_crash_files", t.crashFiles);
            executions += t.executions;
            findings += t.findings;
        }
        metrics.put("targets", targets.size());
        metrics.put("executions", executions);
        metrics.put("findings", findings);
        run.write(metrics);
    }

    /** Each fuzzed target's figures, keyed by its name in snake case ({@code SignatureGateFuzzTest}: {@code signature_gate}). */
    static Map<String, Target> read(Path log) throws IOException {
        Map<String, Target> targets = new LinkedHashMap<>();
        Target current = null;
        for (String line : Files.readAllLines(log)) {
            Matcher running = RUNNING.matcher(line.strip());
            if (running.find()) {
                current = new Target(running.group(1));
                continue;
            }
            if (current == null) {
                continue;
            }
            Matcher status = STATUS.matcher(line);
            Matcher runs = RUNS.matcher(line.strip());
            if (status.find()) {
                current.coverage = Long.parseLong(status.group(2));
                current.features = Long.parseLong(status.group(3));
                current.corpus = Long.parseLong(status.group(4));
            } else if (runs.find()) {
                current.executions = Long.parseLong(runs.group(1));
                current.seconds = Long.parseLong(runs.group(2));
                targets.put(snake(current.className.substring(current.className.lastIndexOf('.') + 1)
                        .replace("FuzzTest", "")), current);
            } else if (DEDUP.matcher(line).find()) {
                current.findings++;
            } else if (CRASH_FILE.matcher(line).find()) {
                current.crashFiles++;
            }
        }
        return targets;
    }

    /**
     * The files of a target's committed corpus ({@code src/test/resources/<package>/<Class>Inputs/}), in any
     * module; a crash the campaign itself wrote there ({@code crash-<sha1>}, not yet looked at) is not counted.
     */
    static long corpusFiles(String className) throws IOException {
        String inputs = className.replace('.', '/') + "Inputs";
        long files = 0;
        for (String module : List.of("schemas", "consent", "connectors", "hub")) {
            Path dir = Path.of(module, "src/test/resources", inputs);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    files += all.filter(Files::isRegularFile)
                            .filter(file -> !NEW_CRASH.matcher(file.getFileName().toString()).matches()).count();
                }
            }
        }
        return files;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
