package org.kith.hub.ingress;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.kith.connectors.IdRegistry;
import org.kith.connectors.IdRegistry.Claimed;
import org.kith.connectors.IdRegistry.Replayed;
import org.kith.connectors.IdRegistry.Resent;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.testing.KafkaProbe;
import org.kith.hub.topics.Topics;

/**
 * {@code kith.ingress.ids} on the real broker: an id one instance accepted is known to another
 * instance (which follows the topic) and to one started afterwards (which reads it at start, before
 * it claims anything); the topic keeps its records a little over twice the window, and an existing
 * topic with a shorter retention gets the longer one. Also measures what recording an id costs an
 * accepted message (printed).
 */
class IdTopicIT {

    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private final String bootstrap = KafkaBrokers.bootstrapServers(KafkaBrokers.Kind.EMBEDDED);

    @Test
    void anIdOneInstanceAcceptedIsKnownToAnotherAndToOneStartedLater() throws Exception {
        Topics topics = new Topics(KafkaBrokers.uniquePrefix("idTopicInstances"), 1, (short) 1);
        try (IdTopic a = IdTopic.open(bootstrap, topics, WINDOW, 100, Clock.systemUTC());
             IdTopic b = IdTopic.open(bootstrap, topics, WINDOW, 100, Clock.systemUTC())) {
            Claimed claimed = assertInstanceOf(Claimed.class, a.registry().claim("county-cw", "evt-1", "aa"));
            claimed.record().run();

            // b follows the topic: until it has read a's record it would claim the id itself (released here at once)
            assertEquals(new Resent(claimed.messageId()), await("b knows a's id").atMost(DEADLINE).until(
                    () -> claimOnce(b.registry(), "county-cw", "evt-1", "aa"), Resent.class::isInstance));
            assertEquals(new Replayed(), b.registry().claim("county-cw", "evt-1", "bb"), "other content under the id");
        }
        try (IdTopic restarted = IdTopic.open(bootstrap, topics, WINDOW, 100, Clock.systemUTC())) {
            assertEquals(new Resent(org.kith.connectors.InboundRecord.messageId("county-cw", "evt-1")),
                    restarted.registry().claim("county-cw", "evt-1", "aa"), "read at start, before the first claim");
            assertEquals(1, restarted.ids().size());
        }
        assertEquals(Long.toString(WINDOW.multipliedBy(2).plusMinutes(1).toMillis()), retention(topics));
    }

    @Test
    void anExistingTopicWithAShorterRetentionIsGivenTheWindowsOne() throws Exception {
        Topics topics = new Topics(KafkaBrokers.uniquePrefix("idTopicRetention"), 1, (short) 1);
        try (var admin = KafkaProbe.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topics.ingressIds(), 1, (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "60000")))).all().get(30, TimeUnit.SECONDS);
        }
        await().atMost(DEADLINE).until(() -> "60000".equals(retention(topics)));
        IdTopic.open(bootstrap, topics, WINDOW, 100, Clock.systemUTC()).close();
        await().atMost(DEADLINE).until(() -> retention(topics),
                Long.toString(IdTopic.retention(WINDOW).toMillis())::equals);
    }

    /**
     * What the registry adds to an accepted message: one claim and one record (a write acknowledged by
     * all in-sync replicas), one message at a time as a single client would send them.
     */
    @Test
    void recordingAnAcceptedIdCostsOneAcknowledgedWrite() {
        Topics topics = new Topics(KafkaBrokers.uniquePrefix("idTopicCost"), 1, (short) 1);
        int n = Integer.getInteger("kith.idtopic.messages", 500);
        try (IdTopic ids = IdTopic.open(bootstrap, topics, WINDOW, n + 1, Clock.systemUTC())) {
            long[] micros = new long[n];
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                var claimed = (Claimed) ids.registry().claim("county-cw", "evt-" + i, "aa");
                claimed.record().run();
                micros[i] = (System.nanoTime() - start) / 1_000;
            }
            Arrays.sort(micros);
            System.out.printf("IdTopicIT: claiming and recording an accepted event id: mean %d µs, p50 %d µs, p99 %d µs"
                            + " (%d ids, one at a time)%n", Arrays.stream(micros).sum() / n, micros[n / 2],
                    micros[n * 99 / 100], n);
            assertEquals(n, ids.ids().size("county-cw"));
        }
    }

    /** One claim; a new one is released at once, so the test leaves nothing held. */
    private static IdRegistry.Verdict claimOnce(IdRegistry ids, String sender, String eventId, String sha256) {
        IdRegistry.Verdict verdict = ids.claim(sender, eventId, sha256);
        if (verdict instanceof Claimed claimed) {
            claimed.release().run();
        }
        return verdict;
    }

    private String retention(Topics topics) throws Exception {
        try (var admin = KafkaProbe.admin(bootstrap)) {
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.ingressIds());
            return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get(TopicConfig.RETENTION_MS_CONFIG).value();
        }
    }
}
