package org.kith.hub.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.kith.schemas.Json;

/**
 * A partner's Kafka client that is not Java: KafkaJS on Node.js, run as a child process from
 * {@code src/test/kafkajs} (its script, {@code package.json} and lock file), installed with
 * {@code npm ci} into {@code target/kafkajs} the first time. Without Node.js its steps are left out
 * on a developer's machine and fail on CI ({@code CI} set), where {@code .ci/run} installs it.
 */
public final class KafkaJs {

    private static final Path SOURCE = Path.of("src/test/kafkajs");
    private static final Path HOME = Path.of("target/kafkajs");
    private static final long DEADLINE_SECONDS = 120;

    private KafkaJs() {
    }

    /**
     * KafkaJS ready to run (Node.js found, the locked KafkaJS installed); empty, said on standard error,
     * where Node.js is missing on a developer's machine; a failure where it is missing on CI.
     */
    public static synchronized Optional<KafkaJs> installed() throws IOException, InterruptedException {
        if (!found("node") || !found("npm")) {
            if (System.getenv("CI") != null) {
                fail("Node.js and npm are needed for the non-Java Kafka client test (.ci/run installs them)");
            }
            System.err.println("Node.js or npm not found: the KafkaJS partner steps do not run here (they do on CI)");
            return Optional.empty();
        }
        Files.createDirectories(HOME);
        boolean changed = false;
        for (String file : List.of("package.json", "package-lock.json", "partner.mjs")) {
            Path target = HOME.resolve(file);
            byte[] source = Files.readAllBytes(SOURCE.resolve(file));
            if (!Files.exists(target) || !java.util.Arrays.equals(source, Files.readAllBytes(target))) {
                Files.copy(SOURCE.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
                changed |= !file.endsWith(".mjs");
            }
        }
        if (changed || !Files.exists(HOME.resolve("node_modules/kafkajs/package.json"))) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
            assertTrue(install.exit() == 0, "npm ci of KafkaJS failed: " + install.output());
        }
        return Optional.of(new KafkaJs());
    }

    /** Runs {@code partner.mjs} with the partner's {@code librdkafka.conf}; its one JSON line. */
    public JsonNode partner(Path librdkafkaConf, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "partner.mjs", librdkafkaConf.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Result result = run(command);
        String last = result.output().lines().reduce((a, b) -> b).orElse("");
        if (!last.startsWith("{")) {
            fail("partner.mjs printed no result (exit " + result.exit() + "): " + result.output());
        }
        return Json.mapper().readTree(last);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("kafkajs", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("KAFKAJS_NO_PARTITIONER_WARNING", "1");
            Process process = builder.start();
            if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail(String.join(" ", command.subList(0, 2)) + " did not end within " + DEADLINE_SECONDS + " s: "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean found(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
