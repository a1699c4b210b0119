package org.kith.hub.flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.testing.ClinicHub.accepted;
import static org.kith.hub.testing.ClinicHub.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.config.HubOption;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.family.FamilyLimitExceeded;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.ClinicHub;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.hub.topics.TopicReader;
import org.kith.hub.testing.RunsAlone;

/**
 * One agency floods one family with consent directives at the highest rate the door allows it (the
 * default rate limit, 50 requests a second), past the family's limit, while another family on the
 * same partition of {@code kith.inbound} is sent referrals. Each referral is decided within
 * {@link #BOUND} of its 202 (its status notice, written in the transaction of its decision and its
 * copy, is read then), because filing a directive costs the same however many the family holds.
 * Every directive past the family's limit is refused with {@code family-limit}: at the door (422),
 * or, for those that raced past it while earlier ones were still being filed, by the core with a
 * refused notice; none is dead-lettered, and the family ends exactly at its limit.
 */
@RunsAlone
class FamilyFloodIT {

    /** The bound stated in the administrators' guide: another family's referral is decided within this of its 202. */
    static final Duration BOUND = Duration.ofSeconds(5);
    private static final int LIMIT = 600;
    private static final int FLOOD = LIMIT + 40;
    private static final int PARTITIONS = 3;
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    private static final String CLINIC = AgencyAndClinic.CLINIC;
    private static final String FLOODED = "F-flood";

    @Test
    void anotherFamilysReferralsAreDecidedWithinTheBoundWhileOneFamilyIsFloodedPastItsLimit(@TempDir Path dir)
            throws Exception {
        String other = samePartitionAs(FLOODED);
        try (ClinicHub running = ClinicHub.start(dir, "agency-token-for-tests-only", KafkaBrokers.Kind.EMBEDDED,
                getClass().getSimpleName(), Map.of(HubOption.FAMILY_MAX_DOCUMENTS.key(), Integer.toString(LIMIT)));
             Notices notices = new Notices(running)) {
            var agency = running.agency();
            accepted(agency.publish(DemoMessages.profile(AGENCY, FLOODED)));
            accepted(agency.publish(DemoMessages.profile(AGENCY, other)));
            String consent = accepted(agency.publish(DemoMessages.consent(AGENCY, other, "D-other", CLINIC)));
            await().atMost(Duration.ofSeconds(60)).until(() -> notices.arrived(consent));

            AtomicInteger refusedAtTheDoor = new AtomicInteger();
            List<String> acceptedDirectives = new ArrayList<>();
            List<String> unexpected = new ArrayList<>();
            AtomicBoolean flooding = new AtomicBoolean(true);
            Thread flood = new Thread(() -> {
                long start = System.nanoTime();
                for (int i = 0, slot = 0; i < FLOOD; slot++) {
                    // at the rate limit: one request every 20 ms (50 a second)
                    LockSupport.parkNanos(start + slot * 20_000_000L - System.nanoTime());
                    HttpResponse<String> answer = agency.publish(DemoMessages.consent(AGENCY, FLOODED, "D-" + i, CLINIC));
                    if (answer.statusCode() == 429) {
                        continue; // over the rate (a referral took a permit): the same directive in the next slot
                    }
                    i++;
                    if (answer.statusCode() == 202) {
                        synchronized (acceptedDirectives) {
                            acceptedDirectives.add(json(answer.body()).get("messageId").asText());
                        }
                    } else if (answer.statusCode() == 422
                            && FamilyLimitExceeded.REASON.equals(json(answer.body()).path("reason").asText())) {
                        refusedAtTheDoor.incrementAndGet();
                    } else {
                        unexpected.add(answer.statusCode() + " " + answer.body());
                    }
                }
                flooding.set(false);
            }, "flood");
            flood.start();

            List<Duration> decided = new ArrayList<>();
            for (int r = 0; flooding.get() || r < 3; r++) {
                Thread.sleep(1_500);
                HttpResponse<String> answer;
                while ((answer = agency.publish(DemoMessages.referral(AGENCY, other, "R-" + r, CLINIC))).statusCode() == 429) {
                    Thread.sleep(20); // the flood took this second's permits: the door says so, the agency retries
                }
                long sent = System.nanoTime();
                String referral = accepted(answer);
                await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(20)).until(() -> notices.arrived(referral));
                decided.add(Duration.ofNanos(notices.at(referral) - sent));
            }
            flood.join();
            System.out.printf("FamilyFloodIT: %d referrals decided in %s (bound %s) while %d directives were sent%n",
                    decided.size(), decided, BOUND, FLOOD);
            assertEquals(List.of(), unexpected);
            Duration slowest = decided.stream().max(Duration::compareTo).orElseThrow();
            assertTrue(slowest.compareTo(BOUND) <= 0, "a referral of another family waited " + slowest
                    + " behind the flood; decided in " + decided);

            await().atMost(Duration.ofSeconds(120)).until(() -> acceptedDirectives.stream().allMatch(notices::arrived));
            long recorded = acceptedDirectives.stream().filter(id -> notices.outcome(id).equals("recorded")).count();
            long refusedByTheCore = acceptedDirectives.stream().filter(id -> notices.outcome(id).equals("refused")).count();
            assertEquals(LIMIT, recorded, "the family takes directives up to its limit");
            assertEquals(FLOOD - LIMIT, refusedAtTheDoor.get() + refusedByTheCore, "and refuses every one past it");
            assertTrue(refusedAtTheDoor.get() > 0, "the sender hears at the door once the family is full");
            acceptedDirectives.stream().filter(id -> notices.outcome(id).equals("refused")).forEach(id ->
                    assertTrue(notices.reason(id).startsWith(FamilyLimitExceeded.REASON), notices.reason(id)));
            assertTrue(TopicReader.readAll(running.hub().bootstrapServers(), running.hub().topics().deadLetter())
                    .stream().noneMatch(r -> r.value().contains(FLOODED)), "nothing was set aside");
        }
    }

    /** A family id other than {@code familyId} whose messages go to the same partition (the default partitioner's). */
    static String samePartitionAs(String familyId) {
        int partition = partition(familyId);
        for (int i = 0; ; i++) {
            String candidate = "F-other-" + i;
            if (partition(candidate) == partition) {
                return candidate;
            }
        }
    }

    private static int partition(String familyId) {
        return Utils.toPositive(Utils.murmur2(familyId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** The agency's status notices, read_committed as they arrive, with when each arrived. */
    private static final class Notices implements AutoCloseable {
        private final Map<String, JsonNode> notices = new ConcurrentHashMap<>();
        private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
        private final AtomicBoolean open = new AtomicBoolean(true);
        private final Thread reader;

        Notices(ClinicHub running) {
            Map<String, Object> config = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, running.hub().bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, KafkaBrokers.uniquePrefix("flood-notices"),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            String topic = running.hub().topics().status(AGENCY);
            reader = new Thread(() -> {
                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
                    consumer.subscribe(List.of(topic));
                    while (open.get()) {
                        consumer.poll(Duration.ofMillis(20)).forEach(record -> {
                            long now = System.nanoTime();
                            JsonNode notice = json(record.value());
                            String id = notice.path("messageId").asText();
                            notices.putIfAbsent(id, notice);
                            arrivals.putIfAbsent(id, now);
                        });
                    }
                }
            }, "flood-notices");
            reader.start();
        }

        boolean arrived(String messageId) {
            return arrivals.containsKey(messageId);
        }

        long at(String messageId) {
            return arrivals.get(messageId);
        }

        String outcome(String messageId) {
            return notices.get(messageId).path("outcome").asText();
        }

        String reason(String messageId) {
            return notices.get(messageId).path("reason").asText();
        }

        @Override
        public void close() throws InterruptedException {
            open.set(false);
            reader.join(10_000);
        }
    }
}
