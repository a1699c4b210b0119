package org.kith.hub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kith.hub.admin.AdminRoutes;
import org.kith.hub.admin.ProbeRoutes;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;

/**
 * Checks the deployment files at the repository root (docker-compose.yml, Dockerfile,
 * config/partners.json, deploy/prometheus.yml) against the code that reads them, so a renamed
 * option or a broken sample fails the build rather than a deployment. The compose file runs the
 * cluster shape production runs: three KRaft nodes of the hub's own Kafka version in one quorum,
 * replication 3 with min.insync.replicas 2, and two hub instances sharing it, each with a readiness
 * healthcheck. No broker and no Docker: the files are parsed, and the hubs' healthcheck command is
 * run with bash against an HTTP listener answering as {@code /readyz} does.
 */
class ComposeFileTest {

    /** Surefire runs with the module directory (hub/) as working directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    private static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
    private static final Path PARTNERS = ROOT.resolve("config").resolve("partners.json");
    private static final Path PROMETHEUS = ROOT.resolve("deploy").resolve("prometheus.yml");

    private static final int BROKERS = 3;
    private static final int HUBS = 2;
    private static final String REPLICATION = "3";
    private static final String MIN_INSYNC = "2";

    private static JsonNode compose;

    @BeforeAll
    static void parseCompose() throws IOException {
        assertTrue(Files.isRegularFile(COMPOSE), "no docker-compose.yml at " + COMPOSE);
        compose = new YAMLMapper().readTree(COMPOSE.toFile());
        assertNotNull(compose, "docker-compose.yml is empty");
    }

    // --- the Kafka cluster ---------------------------------------------------------------------

    @Test
    void threeKraftNodesFormOneQuorum() {
        Map<String, JsonNode> brokers = brokers();
        assertEquals(BROKERS, brokers.size(), "Kafka services: " + brokers.keySet());
        Set<String> nodeIds = new TreeSet<>();
        Set<String> voterLists = new TreeSet<>();
        Set<String> clusterIds = new TreeSet<>();
        Set<String> expectedVoters = new TreeSet<>();
        for (Map.Entry<String, JsonNode> broker : brokers.entrySet()) {
            Map<String, String> env = environment(broker.getValue());
            assertEquals(Set.of("broker", "controller"), Set.of(env.getOrDefault("KAFKA_PROCESS_ROLES", "").split("\\s*,\\s*")),
                    broker.getKey() + " KAFKA_PROCESS_ROLES");
            String nodeId = env.get("KAFKA_NODE_ID");
            assertNotNull(nodeId, broker.getKey() + " has no KAFKA_NODE_ID");
            nodeIds.add(nodeId);
            voterLists.add(env.getOrDefault("KAFKA_CONTROLLER_QUORUM_VOTERS", ""));
            clusterIds.add(env.getOrDefault("CLUSTER_ID", ""));
            expectedVoters.add(nodeId + "@" + host(broker.getKey(), broker.getValue()) + ":" + controllerPort(broker.getKey(), env));
        }
        assertEquals(BROKERS, nodeIds.size(), "node ids must be distinct: " + nodeIds);
        assertEquals(1, voterLists.size(), "every node must name the same quorum voters: " + voterLists);
        assertEquals(expectedVoters, new TreeSet<>(List.of(voterLists.iterator().next().split("\\s*,\\s*"))),
                "the quorum voters must be the three nodes at their controller listeners");
        assertEquals(1, clusterIds.size(), "every node must have the same CLUSTER_ID: " + clusterIds);
        assertTrue(clusterIds.iterator().next().matches("[A-Za-z0-9_-]{22}"),
                "CLUSTER_ID must be a base64url UUID (kafka-storage.sh random-uuid): " + clusterIds);
    }

    @Test
    void everyTopicHasThreeReplicasAndNeedsTwoInSync() {
        for (Map.Entry<String, JsonNode> broker : brokers().entrySet()) {
            Map<String, String> env = environment(broker.getValue());
            Map<String, String> expected = Map.of(
                    "KAFKA_DEFAULT_REPLICATION_FACTOR", REPLICATION,
                    "KAFKA_MIN_INSYNC_REPLICAS", MIN_INSYNC,
                    "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", REPLICATION,
                    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", REPLICATION,
                    "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", MIN_INSYNC,
                    "KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false",
                    "KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
            expected.forEach((key, value) -> assertEquals(value, env.get(key), broker.getKey() + " " + key));
            assertTrue(broker.getValue().path("healthcheck").has("test"), broker.getKey() + " has no healthcheck for the hubs to wait on");
        }
        for (Map.Entry<String, JsonNode> hub : hubs().entrySet()) {
            Map<String, String> env = environment(hub.getValue());
            assertEquals(REPLICATION, env.get(HubOption.TOPIC_REPLICATION.env()), hub.getKey() + " topic replication");
            assertEquals(MIN_INSYNC, env.get(HubOption.TOPIC_MIN_INSYNC_REPLICAS.env()), hub.getKey() + " min.insync.replicas");
            assertTrue(Integer.parseInt(REPLICATION) <= brokers().size(), "more replicas than brokers");
        }
    }

    /** The brokers run the Kafka the hub is built against: the kafka-clients on the hub's class path. */
    @Test
    void theBrokersAreTheHubsOwnKafkaVersion() {
        String clients = AppInfoParser.getVersion();
        assertTrue(clients.matches("\\d+\\.\\d+\\.\\d+"), "kafka-clients version " + clients);
        for (Map.Entry<String, JsonNode> broker : brokers().entrySet()) {
            assertEquals("apache/kafka:" + clients, broker.getValue().path("image").asText(),
                    broker.getKey() + " should run the hub's Kafka version");
        }
    }

    // --- the hub instances ---------------------------------------------------------------------

    @Test
    void twoHubInstancesShareTheClusterWithTheSameSettings() {
        Map<String, JsonNode> hubs = hubs();
        assertEquals(HUBS, hubs.size(), "hub services: " + hubs.keySet());
        Set<Map<String, String>> shared = new LinkedHashSet<>();
        Set<String> advertised = new TreeSet<>();
        Set<String> dataVolumes = new TreeSet<>();
        Set<String> hostPorts = new TreeSet<>();
        for (Map.Entry<String, JsonNode> hub : hubs.entrySet()) {
            Map<String, String> env = new TreeMap<>(environment(hub.getValue()));
            String own = env.remove(HubOption.HTTP_ADVERTISED.env());
            assertEquals(host(hub.getKey(), hub.getValue()) + ":" + env.get(HubOption.HTTP_PORT.env()), own,
                    hub.getKey() + " must advertise the address the other instances reach it at");
            advertised.add(own);
            shared.add(env);
            dataVolumes.add(mounts(hub.getValue()).get(env.get(HubOption.DATA_DIR.env())));
            hub.getValue().path("ports").forEach(p -> hostPorts.add(hostPort(p)));
        }
        assertEquals(1, shared.size(), "the instances must have the same settings but their advertised address: " + shared);
        assertEquals(HUBS, advertised.size(), "advertised addresses: " + advertised);
        assertEquals(HUBS, dataVolumes.size(), "each instance needs a data volume of its own (its state, instance id and key): "
                + dataVolumes);
        assertFalse(dataVolumes.stream().anyMatch(v -> v == null || v.startsWith(".") || v.startsWith("/")),
                "the data directories must be named volumes: " + dataVolumes);
        assertEquals(HUBS, hostPorts.size(), "each instance needs a host port of its own: " + hostPorts);
    }

    @Test
    void everyHubVariableIsAnOptionTheHubReads() {
        Set<String> known = Arrays.stream(HubOption.values()).map(HubOption::env).collect(Collectors.toSet());
        for (Map.Entry<String, JsonNode> hub : hubs().entrySet()) {
            Map<String, String> env = environment(hub.getValue());
            assertFalse(env.isEmpty(), hub.getKey() + " sets no environment");
            Set<String> unknown = new TreeSet<>(env.keySet());
            unknown.removeAll(known);
            assertTrue(unknown.isEmpty(), hub.getKey() + " sets variables the hub does not read: " + unknown
                    + " (known: " + new TreeSet<>(known) + ")");
        }
    }

    @Test
    void hubsUseTheComposeKafkaNotAnEmbeddedBroker() {
        Map<String, String> advertisedBy = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> broker : brokers().entrySet()) {
            Set<String> addresses = advertisedAddresses(environment(broker.getValue()));
            assertFalse(addresses.isEmpty(), broker.getKey() + " advertises no listener");
            for (String address : addresses) {
                String host = address.substring(0, address.lastIndexOf(':'));
                assertEquals(host(broker.getKey(), broker.getValue()), host, broker.getKey() + " advertises '" + address
                        + "', a host the hub containers cannot reach");
                advertisedBy.put(address, broker.getKey());
            }
        }
        for (Map.Entry<String, JsonNode> hub : hubs().entrySet()) {
            String bootstrap = environment(hub.getValue()).get(HubOption.BOOTSTRAP_SERVERS.env());
            assertFalse(bootstrap == null || bootstrap.isBlank(), HubOption.BOOTSTRAP_SERVERS.env() + " is not set on "
                    + hub.getKey() + ": it would start an embedded broker");
            Set<String> reached = new TreeSet<>();
            for (String server : bootstrap.split(",")) {
                assertTrue(advertisedBy.containsKey(server.trim()), "bootstrap server '" + server.trim()
                        + "' is not an address a Kafka service advertises " + advertisedBy.keySet());
                reached.add(advertisedBy.get(server.trim()));
            }
            assertTrue(reached.size() >= 2, hub.getKey() + " should bootstrap from more than one broker: " + reached);
        }
    }

    @Test
    void hubsWaitForHealthyBrokers() {
        for (Map.Entry<String, JsonNode> hub : hubs().entrySet()) {
            JsonNode dependsOn = hub.getValue().path("depends_on");
            for (String broker : brokers().keySet()) {
                assertEquals("service_healthy", dependsOn.path(broker).path("condition").asText(),
                        hub.getKey() + " should wait until " + broker + " is healthy, not only started: " + dependsOn);
            }
        }
    }

    @Test
    void hubSettingsFitTheContainer() {
        for (Map.Entry<String, JsonNode> entry : hubs().entrySet()) {
            JsonNode hub = entry.getValue();
            Map<String, String> env = environment(hub);
            Map<String, String> mounts = mounts(hub);

            String host = env.get(HubOption.HTTP_HOST.env());
            assertFalse(host == null || host.startsWith("127.") || host.equals("localhost"),
                    "the ingress must listen on all interfaces in a container, not '" + host + "'");

            String port = env.getOrDefault(HubOption.HTTP_PORT.env(), HubOption.HTTP_PORT.defaultValue().orElseThrow());
            List<String> containerPorts = new ArrayList<>();
            hub.path("ports").forEach(p -> containerPorts.add(p.isObject() ? p.path("target").asText() : containerPort(p.asText())));
            assertTrue(containerPorts.contains(port), entry.getKey() + ": the ingress port " + port + " is not published: "
                    + containerPorts);

            String dataDir = env.get(HubOption.DATA_DIR.env());
            assertNotNull(dataDir, HubOption.DATA_DIR.env());
            assertTrue(mounts.containsKey(dataDir), "the data directory " + dataDir + " is not a volume: " + mounts.keySet());
        }
    }

    /**
     * Each hub's healthcheck is its readiness: the command, run by bash as the container would
     * (compose's {@code $$} unescaped, the hub's port from its environment), succeeds while
     * {@code /readyz} answers 200 and fails while it answers 503 or nothing listens.
     */
    @Test
    void everyHubIsHealthyWhenReady() throws Exception {
        for (Map.Entry<String, JsonNode> hub : hubs().entrySet()) {
            JsonNode healthcheck = hub.getValue().path("healthcheck");
            List<String> command = healthcheckCommand(hub.getKey(), healthcheck);
            assertTrue(String.join(" ", command).contains(ProbeRoutes.READY), hub.getKey() + " healthcheck does not probe "
                    + ProbeRoutes.READY + ": " + command);
            assertTrue(healthcheck.path("start_period").asText("").matches("\\d+s") || healthcheck.path("start_period").asText("")
                    .matches("\\d+m"), hub.getKey() + " healthcheck should allow for the hub's start-up: " + healthcheck);
            HttpServer readiness = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            int[] status = {200};
            readiness.createContext(ProbeRoutes.READY, exchange -> {
                byte[] body = (status[0] == 200 ? "{\"status\":\"up\"}" : "{\"status\":\"down\"}").getBytes();
                exchange.sendResponseHeaders(status[0], body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            readiness.createContext("/", exchange -> {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            });
            readiness.start();
            int port = readiness.getAddress().getPort();
            try {
                assertEquals(0, run(command, port), hub.getKey() + " is unhealthy while /readyz answers 200");
                status[0] = 503;
                assertTrue(run(command, port) != 0, hub.getKey() + " is healthy while /readyz answers 503");
            } finally {
                readiness.stop(0);
            }
            assertTrue(run(command, port) != 0, hub.getKey() + " is healthy while nothing listens");
        }
    }

    /** The HTTP API takes at most a quarter of the hub's open files; the compose file gives it room for its default cap. */
    @Test
    void theHubMayOpenFourTimesItsDefaultConnectionCapInFiles() {
        int cap = Integer.parseInt(HubOption.HTTP_MAX_CONNECTIONS.defaultValue().orElseThrow());
        Map<String, JsonNode> services = new LinkedHashMap<>(hubs());
        services.putAll(brokers());
        services.forEach((name, service) -> {
            JsonNode nofile = service.path("ulimits").path("nofile");
            assertTrue(nofile.path("soft").asInt() >= 4 * cap && nofile.path("hard").asInt() >= nofile.path("soft").asInt(),
                    name + " should have ulimits nofile of at least " + 4 * cap + ": " + nofile);
        });
    }

    /** Prometheus scrapes every instance at the metrics path, with a bearer credential read from a file. */
    @Test
    void prometheusScrapesEveryInstanceWithItsOwnCredential() throws IOException {
        assertTrue(Files.isRegularFile(PROMETHEUS), "no Prometheus configuration at " + PROMETHEUS);
        JsonNode scrape = new YAMLMapper().readTree(PROMETHEUS.toFile()).path("scrape_configs").path(0);
        assertEquals(AdminRoutes.METRICS, scrape.path("metrics_path").asText(), "metrics_path");
        assertEquals("Bearer", scrape.path("authorization").path("type").asText(), "authorization type");
        assertFalse(scrape.path("authorization").path("credentials_file").asText("").isBlank(),
                "the token is read from a file, not written in the configuration");
        Set<String> targets = new TreeSet<>();
        scrape.path("static_configs").forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
        Set<String> instances = new TreeSet<>();
        hubs().values().forEach(hub -> instances.add(environment(hub).get(HubOption.HTTP_ADVERTISED.env())));
        assertEquals(instances, targets, "Prometheus should scrape every hub instance");
    }

    @Test
    void thePartnersFileTheHubsAreGivenIsTheValidSample() {
        for (Map.Entry<String, JsonNode> entry : hubs().entrySet()) {
            JsonNode hub = entry.getValue();
            String partnersFile = environment(hub).get(HubOption.PARTNERS_FILE.env());
            assertNotNull(partnersFile, entry.getKey() + " " + HubOption.PARTNERS_FILE.env());
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
            assertEquals(PARTNERS, onHost, entry.getKey() + " is not given config/partners.json");
            assertRegistryLoads(onHost);
        }
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

        String port = environment(hubs().values().iterator().next()).getOrDefault(HubOption.HTTP_PORT.env(),
                HubOption.HTTP_PORT.defaultValue().orElseThrow());
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

    /** The Kafka services: those running the apache/kafka image, by name. */
    private static Map<String, JsonNode> brokers() {
        return services(service -> service.path("image").asText("").startsWith("apache/kafka:"));
    }

    /** The hub instances: the services built from the Dockerfile. */
    private static Map<String, JsonNode> hubs() {
        return services(service -> service.path("image").asText("").startsWith("kith-hub:") || service.has("build"));
    }

    private static Map<String, JsonNode> services(java.util.function.Predicate<JsonNode> kind) {
        Map<String, JsonNode> found = new TreeMap<>();
        compose.path("services").fields().forEachRemaining(service -> {
            if (kind.test(service.getValue())) {
                found.put(service.getKey(), service.getValue());
            }
        });
        assertFalse(found.isEmpty(), "docker-compose.yml has no such service");
        return found;
    }

    /** The name other containers reach a service by: its hostname, else its service name. */
    private static String host(String name, JsonNode service) {
        return service.path("hostname").asText(name);
    }

    /** The port of a node's CONTROLLER listener in KAFKA_LISTENERS. */
    private static String controllerPort(String broker, Map<String, String> env) {
        Matcher m = Pattern.compile("CONTROLLER://[^:,]*:(\\d+)").matcher(env.getOrDefault("KAFKA_LISTENERS", ""));
        assertTrue(m.find(), broker + " has no CONTROLLER listener: " + env.get("KAFKA_LISTENERS"));
        return m.group(1);
    }

    /** A healthcheck's command as the process compose would start: {@code CMD} args, or {@code CMD-SHELL} under sh. */
    private static List<String> healthcheckCommand(String name, JsonNode healthcheck) {
        JsonNode test = healthcheck.path("test");
        assertTrue(test.isArray() && test.size() >= 2, name + " has no healthcheck command: " + healthcheck);
        List<String> command = new ArrayList<>();
        test.forEach(word -> command.add(word.asText().replace("$$", "$")));
        String form = command.remove(0);
        if (form.equals("CMD-SHELL")) {
            return List.of("sh", "-c", String.join(" ", command));
        }
        assertEquals("CMD", form, name + " healthcheck");
        return command;
    }

    /** Runs a healthcheck command as the container would, its hub listening on {@code port}; its exit status. */
    private static int run(List<String> command, int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(HubOption.HTTP_PORT.env(), Integer.toString(port));
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the healthcheck command did not end: " + command);
        return process.exitValue();
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

    /** The host side of a port mapping: "8081:8080" gives 8081. */
    private static String hostPort(JsonNode mapping) {
        if (mapping.isObject()) {
            return mapping.path("published").asText();
        }
        String[] parts = mapping.asText().split(":");
        return parts.length == 1 ? parts[0] : parts[parts.length - 2];
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
