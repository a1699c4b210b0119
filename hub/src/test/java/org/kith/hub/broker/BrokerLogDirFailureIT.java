package org.kith.hub.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.KithCommand;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaProbe;
import org.kith.schemas.Json;

/**
 * A log directory failure of the embedded broker is a fatal, clearly logged event, never a silent
 * exit. The trigger is the closest honest one that works as any user, root included (who ignores
 * file permissions): the broker's log directory is taken away while it runs (moved aside, a plain
 * file left in its place, as an unmounted or replaced volume would), and a topic is created, so the
 * broker's next write there fails at once. Kafka then declares the directory offline and, since it
 * holds the metadata log, asks to halt the JVM.
 * <ul>
 *   <li>In this JVM: the hub records the fault, its health says why it is down
 *       ({@code "broker": "log-dir-failed"}, 503) while it still runs, and it stops in order.</li>
 *   <li>As {@code kith run} in a child JVM: one ERROR line names the directory and the cause, the
 *       hub stops in order, and the process exits with status 74.</li>
 * </ul>
 */
class BrokerLogDirFailureIT {

    private static final String OPERATOR_TOKEN = "logdir-operator-token";
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Path LOGS = Path.of("target", "BrokerLogDirFailureIT");

    private Process child;

    @AfterEach
    void stopTheChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void theHealthSaysTheLogDirectoryFailedWhileTheHubStillRuns(@TempDir Path dir) throws Exception {
        Hub hub = Hub.start(HubConfig.from(settings(dir, 0), Map.of(), Map.of()), Clock.systemUTC());
        try {
            var http = new AdminHttp(hub.httpPort());
            HttpResponse<String> before = http.get("/v1/admin/health", OPERATOR_TOKEN);
            assertEquals(200, before.statusCode(), before.body());
            assertEquals("ok", json(before).path("broker").asText());

            Path logDir = takeTheLogDirectoryAway(dir);
            writeThere(hub.bootstrapServers());

            var fault = await("the broker's fault").atMost(DEADLINE)
                    .until(() -> hub.fatal().toCompletableFuture().getNow(null), java.util.Objects::nonNull);
            assertEquals(EmbeddedKafkaBroker.Fault.LOG_DIR_FAILED, fault.reason());
            assertEquals(logDir.toAbsolutePath(), fault.directory());
            assertTrue(fault.cause().contains("Not a directory") || fault.cause().contains("NoSuchFile"), fault.cause());
            assertTrue(!hub.healthy(), "the hub is not healthy");

            HttpResponse<String> health = http.get("/v1/admin/health", OPERATOR_TOKEN);
            assertEquals(503, health.statusCode(), health.body());
            JsonNode body = json(health);
            assertEquals("log-dir-failed", body.path("broker").asText(), health.body());
            assertEquals(false, body.path("healthy").asBoolean(true), health.body());
        } finally {
            long stopping = System.nanoTime();
            hub.closeAfterFault();
            System.out.println("[BrokerLogDirFailureIT] the hub stopped after the fault in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping) + " ms");
        }
    }

    @Test
    void kithRunLogsOneLineNamingTheDirectoryAndTheCauseThenStopsWithStatus74(@TempDir Path dir) throws Exception {
        int kafkaPort = freePort();
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-Dlog4j2.configurationFile=log4j2.xml",
                "-cp", System.getProperty("java.class.path"), KithCommand.class.getName(), "run"));
        settings(dir, kafkaPort).forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process running = child;
        await("kith run ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    assertTrue(running.isAlive(), () -> "kith run exited on its own:\n" + read(log));
                    return read(log).contains("Kith hub ready");
                });

        Path logDir = takeTheLogDirectoryAway(dir);
        long broken = System.nanoTime();
        writeThere("localhost:" + kafkaPort);

        assertTrue(running.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "kith run stopped:\n" + read(log));
        String output = read(log);
        System.out.println("[BrokerLogDirFailureIT] kith run exited " + running.exitValue() + " "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - broken) + " ms after its log directory went away");
        assertEquals(74, running.exitValue(), output);
        List<String> ours = output.lines().filter(line -> line.contains("Embedded Kafka broker failed")).toList();
        assertEquals(1, ours.size(), output);
        assertTrue(Pattern.compile("ERROR .*Embedded Kafka broker failed \\(log-dir-failed\\): log directory "
                + Pattern.quote(logDir.toAbsolutePath().toString()) + ": \\S.*; the hub stops").matcher(ours.get(0)).find(),
                ours.get(0));
        assertTrue(output.contains("Kith hub stopped after its broker failed"), output);
    }

    /** The broker's log directory moved aside and a plain file left in its place: every write there fails. */
    private static Path takeTheLogDirectoryAway(Path dir) throws IOException {
        Path logDir = dir.resolve("data").resolve("kafka").resolve("kraft-logs");
        Files.move(logDir, logDir.resolveSibling("kraft-logs.gone"));
        Files.writeString(logDir, "the volume is gone");
        return logDir;
    }

    /** A new topic: the broker makes its partition's directory in the log directory at once. */
    private static void writeThere(String bootstrap) {
        try (Admin admin = KafkaProbe.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic("after-the-fault", 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
        } catch (Exception expected) {
            // the broker may refuse or not answer: what matters is what it does next
        }
    }

    private static Map<String, String> settings(Path dir, int kafkaPort) throws IOException {
        Path partners = dir.resolve("partners.json");
        Files.writeString(partners, """
                {"partners": [{"id": "%s", "kind": "child-welfare"}]}""".formatted(AgencyAndClinic.AGENCY));
        Path users = dir.resolve("users.json");
        Files.writeString(users, """
                {"users": [{"id": "ops-1", "roles": ["operator"], "tokenSha256": "%s"}]}
                """.formatted(PartnerRegistry.sha256(OPERATOR_TOKEN)));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(HubOption.DATA_DIR.key(), dir.resolve("data").toString());
        settings.put(HubOption.KAFKA_PORT.key(), Integer.toString(kafkaPort));
        settings.put(HubOption.TOPIC_PARTITIONS.key(), "1");
        settings.put(HubOption.PARTNERS_FILE.key(), partners.toString());
        settings.put(HubOption.USERS_FILE.key(), users.toString());
        settings.put(HubOption.KEYS_PASSPHRASE.key(), AgencyAndClinic.PASSPHRASE);
        settings.put(HubOption.HTTP_PORT.key(), "0");
        return settings;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
