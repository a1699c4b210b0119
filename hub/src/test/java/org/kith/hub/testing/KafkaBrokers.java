package org.kith.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.condition.EnabledIf;
import org.kith.hub.broker.EmbeddedKafkaBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one broker factory every integration test uses: one shared broker of each {@link Kind} per
 * test JVM, started on first use and stopped by a JVM shutdown hook. Tests keep apart by topic
 * name, not by broker: give each test its own topics (and group ids, transactional ids,
 * application ids) with {@link #uniquePrefix(String)}.
 *
 * <p>A test class that needs the {@link Kind#CONTAINER} broker is annotated
 * {@link RequiresDocker @KafkaBrokers.RequiresDocker}, which is
 * {@code @EnabledIf("org.kith.hub.testing.KafkaBrokers#dockerAvailable")}: without a Docker
 * engine the class is reported as skipped, not failed. Testcontainers' own
 * {@code @Testcontainers(disabledWithoutDocker = true)} is not used because it cannot be
 * overridden; {@code -Dkith.test.docker=false} skips container tests even where Docker runs, and
 * {@code -Dkith.test.docker=true} runs them (and lets them fail) where Docker is not found.
 */
public final class KafkaBrokers {

    /** The broker a test runs against. */
    public enum Kind {
        /**
         * From the Maven artifacts, no Docker: {@link EmbeddedKafkaBroker} in this JVM, on a fresh
         * temporary directory; as a {@link #cluster}, a {@link KafkaCluster}.
         */
        EMBEDDED,
        /**
         * Through Testcontainers, needs Docker: a Kafka container ({@value KafkaBrokers#CONTAINER_IMAGE});
         * as a {@link #cluster}, a {@link ContainerKafkaCluster}.
         */
        CONTAINER
    }

    /** Image of the {@link Kind#CONTAINER} broker. */
    public static final String CONTAINER_IMAGE = "apache/kafka:4.1.0";

    /** System property that overrides Docker detection: {@code true} or {@code false}. */
    public static final String DOCKER_PROPERTY = "kith.test.docker";

    /**
     * Enables the annotated test class or method only when {@link #dockerAvailable()}; otherwise
     * JUnit reports it as skipped.
     */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @EnabledIf(value = "org.kith.hub.testing.KafkaBrokers#dockerAvailable",
            disabledReason = "no Docker engine (set -Dkith.test.docker=true to force)")
    public @interface RequiresDocker {
    }

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Map<Kind, String> BOOTSTRAP = new EnumMap<>(Kind.class);
    private static final Map<Kind, BrokerCluster> CLUSTERS = new EnumMap<>(Kind.class);
    /** How long {@link #cluster} may take to bring a node a previous test left down back in sync. */
    private static final Duration HEAL_DEADLINE = Duration.ofSeconds(120);
    private static Boolean dockerAvailable;

    private KafkaBrokers() {
    }

    /**
     * Shared broker of that kind for this test JVM, started on first use, stopped by a JVM
     * shutdown hook. CONTAINER: Testcontainers {@link KafkaContainer} with image
     * {@value #CONTAINER_IMAGE}.
     *
     * @throws IllegalStateException for {@link Kind#CONTAINER} when Docker is not available
     */
    public static synchronized String bootstrapServers(Kind kind) {
        String bootstrap = BOOTSTRAP.get(kind);
        if (bootstrap == null) {
            bootstrap = switch (kind) {
                case EMBEDDED -> startEmbedded();
                case CONTAINER -> startContainer();
            };
            BOOTSTRAP.put(kind, bootstrap);
        }
        return bootstrap;
    }

    /**
     * The replicated cluster of that kind shared by this test JVM ({@value BrokerCluster#REPLICATION}
     * nodes), started on first use and ended by a JVM shutdown hook: {@link Kind#EMBEDDED} is a
     * {@link KafkaCluster} (each node a JVM of its own, from the Maven artifacts, no Docker; its files
     * and node logs under {@code target/kafka-cluster-<pid>/}), {@link Kind#CONTAINER} a
     * {@link ContainerKafkaCluster}. Tests that kill nodes share it like the single broker, by unique
     * topic prefixes; a test gets it with every node running and in sync, whatever the test before it
     * left killed. Never close it.
     *
     * @throws IllegalStateException for {@link Kind#CONTAINER} when Docker is not available
     */
    public static synchronized BrokerCluster cluster(Kind kind) {
        BrokerCluster cluster = CLUSTERS.get(kind);
        if (cluster == null) {
            cluster = switch (kind) {
                case EMBEDDED -> KafkaCluster.start(Path.of("target", "kafka-cluster-" + ProcessHandle.current().pid()));
                case CONTAINER -> {
                    if (!dockerAvailable()) {
                        throw new IllegalStateException("The CONTAINER Kafka cluster needs a Docker engine and none was"
                                + " found; skip the test where dockerAvailable() is false");
                    }
                    yield ContainerKafkaCluster.start();
                }
            };
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "kith-kafka-cluster-" + kind + "-stop"));
            CLUSTERS.put(kind, cluster);
        } else {
            cluster.heal(HEAL_DEADLINE);
        }
        return cluster;
    }

    /**
     * True when a Docker engine is reachable ({@code DockerClientFactory.instance().isDockerAvailable()}),
     * overridable by system property {@code kith.test.docker=true|false}.
     */
    public static synchronized boolean dockerAvailable() {
        String forced = System.getProperty(DOCKER_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return Boolean.parseBoolean(forced.trim());
        }
        if (dockerAvailable == null) {
            dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
        }
        return dockerAvailable;
    }

    /**
     * A unique topic prefix for one test, e.g. {@code "t3-producesandconsumes-k2x9q0."}, so each
     * test has its own topics. Only {@code [a-z0-9.-]}: legal in topic names, group ids and
     * Streams application ids, and never mixes '.' with '_' (which Kafka warns may collide).
     */
    public static String uniquePrefix(String testName) {
        String name = testName == null ? "" : testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
        if (name.length() > 40) {
            name = name.substring(0, 40);
        }
        String random = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
        return "t" + COUNTER.incrementAndGet() + "-" + (name.isEmpty() ? "" : name + "-") + random + ".";
    }

    private static String startEmbedded() {
        Path dir;
        try {
            dir = Files.createTempDirectory("kith-embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(dir, 0);
        } catch (RuntimeException e) {
            deleteRecursively(dir);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } finally {
                deleteRecursively(dir);
            }
        }, "kith-embedded-kafka-stop"));
        return broker.bootstrapServers();
    }

    @SuppressWarnings("resource") // stopped by the shutdown hook
    private static String startContainer() {
        if (!dockerAvailable()) {
            throw new IllegalStateException("The CONTAINER Kafka broker needs a Docker engine and none was found;"
                    + " annotate the test class with @KafkaBrokers.RequiresDocker so it is skipped instead");
        }
        KafkaContainer container = new KafkaContainer(CONTAINER_IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kith-kafka-container-stop"));
        return container.getBootstrapServers();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temp dir left behind is not worth failing a test run for
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort, as above
        }
    }
}
