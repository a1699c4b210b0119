package org.kith.hub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;

/**
 * Checks the deployment files at the repository root (docker-compose.yml, Dockerfile,
 * config/partners.json) against the code that reads them, so a renamed option or a broken sample
 * fails the build rather than a deployment. No broker, no Docker: the files are only parsed.
 */
class ComposeFileTest {

    /** Surefire runs with the module directory (hub/) as working directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    private static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
    private static final Path PARTNERS = ROOT.resolve("config").resolve("partners.json");

    private static final String KAFKA = "kafka";
    private static final String HUB = "hub";

    private static JsonNode compose;

    @BeforeAll
    static void parseCompose() throws IOException {
        assertTrue(Files.isRegularFile(COMPOSE), "no docker-compose.yml at " + COMPOSE);
        compose = new YAMLMapper().readTree(COMPOSE.toFile());
        assertNotNull(compose, "docker-compose.yml is empty");
    }

    @Test
    void everyHubVariableIsAnOptionTheHubReads() {
        Set<String> known = Arrays.stream(HubOption.values()).map(HubOption::env).collect(Collectors.toSet());
        Map<String, String> env = environment(service(HUB));
        assertFalse(env.isEmpty(), "the hub service sets no environment");
        Set<String> unknown = new TreeSet<>(env.keySet());
        unknown.removeAll(known);
        assertTrue(unknown.isEmpty(), "the hub service sets variables the hub does not read: " + unknown
                + " (known: " + new TreeSet<>(known) + ")");
    }

    @Test
    void hubUsesTheComposeKafkaNotAnEmbeddedBroker() {
        Map<String, String> hubEnv = environment(service(HUB));
        String bootstrap = hubEnv.get(HubOption.BOOTSTRAP_SERVERS.env());
        assertNotNull(bootstrap, HubOption.BOOTSTRAP_SERVERS.env() + " is not set: the hub would start an embedded broker");
        assertFalse(bootstrap.isBlank(), HubOption.BOOTSTRAP_SERVERS.env() + " is empty: the hub would start an embedded broker");

        Set<String> advertised = advertisedAddresses(environment(service(KAFKA)));
        assertFalse(advertised.isEmpty(), "the kafka service advertises no listener");
        for (String server : bootstrap.split(",")) {
            assertTrue(advertised.contains(server.trim()), "bootstrap server '" + server.trim()
                    + "' is not an address the kafka service advertises " + advertised);
        }
        String kafkaHost = service(KAFKA).path("hostname").asText(KAFKA);
        for (String address : advertised) {
            String host = address.substring(0, address.lastIndexOf(':'));
            assertTrue(host.equals(KAFKA) || host.equals(kafkaHost), "the kafka service advertises '" + address
                    + "', a host the hub container cannot reach");
        }
    }

    @Test
    void kafkaIsTheApacheImageVersion4InKraftMode() {
        JsonNode kafka = service(KAFKA);
        String image = kafka.path("image").asText("");
        assertTrue(image.matches("apache/kafka:4\\.\\d+(\\.\\d+)?"), "kafka image should be apache/kafka:4.x, is '" + image + "'");
        Map<String, String> env = environment(kafka);
        assertEquals(Set.of("broker", "controller"), Set.of(env.getOrDefault("KAFKA_PROCESS_ROLES", "").split("\\s*,\\s*")),
                "KAFKA_PROCESS_ROLES");
        assertEquals("false", env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"), "the hub creates its topics itself");
        assertTrue(kafka.path("healthcheck").has("test"), "kafka has no healthcheck for the hub to wait on");
    }

    @Test
    void hubWaitsForAHealthyKafka() {
        JsonNode dependsOn = service(HUB).path("depends_on");
        if (dependsOn.isArray()) {
            List<String> names = new ArrayList<>();
            dependsOn.forEach(n -> names.add(n.asText()));
            assertTrue(names.contains(KAFKA), "hub does not depend on kafka: " + names);
        } else {
            assertTrue(dependsOn.has(KAFKA), "hub does not depend on kafka: " + dependsOn);
            assertEquals("service_healthy", dependsOn.path(KAFKA).path("condition").asText(),
                    "hub should wait until kafka is healthy, not only started");
        }
    }

    @Test
    void hubSettingsFitTheContainer() {
        JsonNode hub = service(HUB);
        Map<String, String> env = environment(hub);
        Map<String, String> mounts = mounts(hub);

        String host = env.get(HubOption.HTTP_HOST.env());
        assertFalse(host == null || host.startsWith("127.") || host.equals("localhost"),
                "the ingress must listen on all interfaces in a container, not '" + host + "'");

        String port = env.getOrDefault(HubOption.HTTP_PORT.env(), HubOption.HTTP_PORT.defaultValue().orElseThrow());
        List<String> containerPorts = new ArrayList<>();
        hub.path("ports").forEach(p -> containerPorts.add(p.isObject() ? p.path("target").asText() : containerPort(p.asText())));
        assertTrue(containerPorts.contains(port), "the ingress port " + port + " is not published: " + containerPorts);

        String dataDir = env.get(HubOption.DATA_DIR.env());
        assertNotNull(dataDir, HubOption.DATA_DIR.env());
        assertTrue(mounts.containsKey(dataDir), "the data directory " + dataDir + " is not a volume: " + mounts.keySet());

        int replication = Integer.parseInt(env.getOrDefault(HubOption.TOPIC_REPLICATION.env(),
                HubOption.TOPIC_REPLICATION.defaultValue().orElseThrow()));
        assertTrue(replication <= brokerCount(), "topic replication " + replication + " exceeds the " + brokerCount()
                + " broker(s) in the compose file");
    }

    /** The HTTP API takes at most a quarter of the hub's open files; the compose file gives it room for its default cap. */
    @Test
    void theHubMayOpenFourTimesItsDefaultConnectionCapInFiles() {
        int cap = Integer.parseInt(HubOption.HTTP_MAX_CONNECTIONS.defaultValue().orElseThrow());
        for (String name : List.of(HUB, KAFKA)) {
            JsonNode nofile = service(name).path("ulimits").path("nofile");
            assertTrue(nofile.path("soft").asInt() >= 4 * cap && nofile.path("hard").asInt() >= nofile.path("soft").asInt(),
                    name + " should have ulimits nofile of at least " + 4 * cap + ": " + nofile);
        }
    }

    @Test
    void thePartnersFileTheHubIsGivenIsTheValidSample() {
        JsonNode hub = service(HUB);
        String partnersFile = environment(hub).get(HubOption.PARTNERS_FILE.env());
        assertNotNull(partnersFile, HubOption.PARTNERS_FILE.env());
        // Resolve the container path through the bind mount that holds it, back to the repository.
        Path onHost = null;
        for (Map.Entry<String, String> mount : mounts(hub).entrySet()) {
            String target = mount.getKey();
            String source = mount.getValue();
            if (partnersFile.startsWith(target + "/") && source.startsWith(".")) {
                onHost = ROOT.resolve(source).resolve(partnersFile.substring(target.length() + 1)).normalize();
            }
        }
        assertNotNull(onHost, "no bind mount of the repository holds " + partnersFile);
        assertEquals(PARTNERS, onHost, "the hub is not given config/partners.json");
        assertRegistryLoads(onHost);
    }

    @Test
    void samplePartnersFileLoads() {
        assertRegistryLoads(PARTNERS);
    }

    @Test
    void dockerfileRunsTheHubJarOnAJava17Jre() throws IOException {
        assertTrue(Files.isRegularFile(DOCKERFILE), "no Dockerfile at " + DOCKERFILE);
        List<String> lines = instructions(Files.readAllLines(DOCKERFILE));

        List<String> froms = lines.stream().filter(l -> l.regionMatches(true, 0, "FROM ", 0, 5)).toList();
        assertTrue(froms.size() >= 2, "the Dockerfile should be multi-stage: " + froms);
        String runtime = froms.get(froms.size() - 1).substring(5).trim().split("\\s+")[0];
        assertTrue(runtime.matches("eclipse-temurin:17([.\\d]*)?(-|_).*jre.*"),
                "the runtime image should be a Java 17 JRE, is '" + runtime + "'");

        String entrypoint = last(lines, "ENTRYPOINT");
        JsonNode exec = new ObjectMapper().readTree(entrypoint);
        assertTrue(exec.isArray(), "ENTRYPOINT should be in exec form so java gets the signals: " + entrypoint);
        List<String> args = new ArrayList<>();
        exec.forEach(a -> args.add(a.asText()));
        int jar = args.indexOf("-jar");
        assertTrue(args.get(0).equals("java") || args.get(0).endsWith("/java"), "ENTRYPOINT does not run java: " + args);
        assertTrue(jar > 0 && jar + 1 < args.size() && args.get(jar + 1).endsWith("/kith-hub.jar"),
                "ENTRYPOINT does not run kith-hub.jar: " + args);
        String jarPath = args.get(jar + 1);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("COPY ") && l.contains("hub/target/kith-hub.jar")
                        && l.trim().endsWith(jarPath)),
                "the Dockerfile does not copy hub/target/kith-hub.jar to " + jarPath);
        assertTrue(lines.stream().anyMatch(l -> l.matches("USER\\s+(?!root\\b)(?!0\\b)\\S+")), "the hub should not run as root");

        Set<String> known = Arrays.stream(HubOption.values()).map(HubOption::env).collect(Collectors.toSet());
        Matcher env = Pattern.compile("(?:^|\\s)(KITH_[A-Z0-9_]+)[=\\s]").matcher(
                lines.stream().filter(l -> l.startsWith("ENV ")).collect(Collectors.joining(" ")) + " ");
        while (env.find()) {
            assertTrue(known.contains(env.group(1)), "the Dockerfile sets " + env.group(1) + ", which the hub does not read");
        }

        String port = environment(service(HUB)).getOrDefault(HubOption.HTTP_PORT.env(), HubOption.HTTP_PORT.defaultValue().orElseThrow());
        assertTrue(lines.stream().anyMatch(l -> l.matches("EXPOSE\\s+(.*\\s)?" + port + "(/tcp)?(\\s.*)?")),
                "the Dockerfile does not EXPOSE the ingress port " + port);
    }

    // --- helpers -------------------------------------------------------------------------------

    private static void assertRegistryLoads(Path file) {
        assertTrue(Files.isRegularFile(file), "no partners file at " + file);
        PartnerRegistry registry;
        try {
            registry = PartnerRegistry.load(file);
        } catch (RuntimeException e) {
            fail(file + " does not load: " + e.getMessage(), e);
            return;
        }
        assertFalse(registry.all().isEmpty(), file + " registers no partner");
        for (Partner partner : registry.all()) {
            assertNotNull(partner.tokenSha256(), "partner " + partner.id() + " has no token hash: it could never authenticate");
        }
    }

    private static JsonNode service(String name) {
        JsonNode service = compose.path("services").path(name);
        assertTrue(service.isObject(), "docker-compose.yml has no service '" + name + "'");
        return service;
    }

    /** A service's environment, written either as a map or as a list of KEY=VALUE. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String entry = item.asText();
                int eq = entry.indexOf('=');
                env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? null : entry.substring(eq + 1));
            }
        } else if (!node.isMissingNode() && !node.isNull()) {
            fail("environment should be a map or a list: " + node);
        }
        return env;
    }

    /** Container path to source (volume name or host path) of a service's volumes, short or long syntax. */
    private static Map<String, String> mounts(JsonNode service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (JsonNode volume : service.path("volumes")) {
            if (volume.isObject()) {
                mounts.put(volume.path("target").asText(), volume.path("source").asText(""));
            } else {
                String[] parts = volume.asText().split(":");
                if (parts.length == 1) {
                    mounts.put(parts[0], "");
                } else {
                    mounts.put(parts[1], parts[0]);
                }
            }
        }
        return mounts;
    }

    /** host:port of every listener in KAFKA_ADVERTISED_LISTENERS, e.g. PLAINTEXT://kafka:9092 gives kafka:9092. */
    private static Set<String> advertisedAddresses(Map<String, String> kafkaEnv) {
        Set<String> addresses = new LinkedHashSet<>();
        String listeners = kafkaEnv.getOrDefault("KAFKA_ADVERTISED_LISTENERS", "");
        Matcher m = Pattern.compile("[A-Za-z0-9_]+://([^,\\s]+)").matcher(listeners);
        while (m.find()) {
            addresses.add(m.group(1));
        }
        return addresses;
    }

    private static int brokerCount() {
        int brokers = 0;
        for (JsonNode service : compose.path("services")) {
            if (service.path("image").asText("").startsWith("apache/kafka:")
                    && environment(service).getOrDefault("KAFKA_PROCESS_ROLES", "").contains("broker")) {
                brokers++;
            }
        }
        return brokers;
    }

    /** The container side of a short port mapping: "8080:8080", "127.0.0.1:8080:8080/tcp", "8080". */
    private static String containerPort(String mapping) {
        String[] parts = mapping.split(":");
        return parts[parts.length - 1].replaceFirst("/.*", "");
    }

    /** Dockerfile instructions, one per line: comments dropped, continuation lines joined. */
    private static List<String> instructions(List<String> raw) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : raw) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            out.add(current.toString().trim());
            current.setLength(0);
        }
        if (current.length() > 0) {
            out.add(current.toString().trim());
        }
        return out;
    }

    private static String last(List<String> lines, String instruction) {
        String found = null;
        for (String line : lines) {
            if (line.regionMatches(true, 0, instruction + " ", 0, instruction.length() + 1)) {
                found = line.substring(instruction.length() + 1).trim();
            }
        }
        assertNotNull(found, "the Dockerfile has no " + instruction);
        return found;
    }
}
