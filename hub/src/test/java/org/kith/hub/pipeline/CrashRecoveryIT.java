package org.kith.hub.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.pipeline.PipelineFixture.CLINIC;
import static org.kith.hub.pipeline.PipelineFixture.COURT;
import static org.kith.hub.pipeline.PipelineFixture.SCHOOL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.schemas.Envelope;

/**
 * Crash recovery: the hub runs as a child JVM ({@code kith run}) and is killed with SIGKILL at
 * random points while a stream of messages flows into {@code kith.inbound}, then restarted on the
 * same data directory and topics. Afterwards, read with read_committed: every permitted referral is
 * on its recipient's outbound topic exactly once (counted by {@code ce_id}) and nothing else is,
 * the ledger holds exactly one decision per message and recipient with the outcome the family's
 * consent called for at that point of its stream, one consent record per directive and revocation,
 * and nothing went to the dead-letter topic.
 *
 * <p>The stream (published by a producer thread in this JVM, in the CloudEvents Kafka binding,
 * keyed by family id): one family per 50 messages, each first granting consent (clinic; clinic and
 * court; nothing; or clinic, revoked half-way through), then referrals round-robin over the
 * families, a quarter of them addressed to the clinic and the court. Kill points: before each
 * kill the test draws a ledger size (the sum of the ledger's end offsets, so aborted writes count:
 * kills land inside transactions as well as between them) and kills when the ledger reaches it;
 * a point already passed means a kill right after the start.
 *
 * <p>A killed member stays in the enforcement core's consumer group until its session times out
 * (45 s by default), which would hold up the restarted instance's first rebalance that long. Like
 * an orchestrator that knows the process is gone, the test removes the dead member from the group
 * before restarting ({@code -Dkith.crash.evict=false} waits for the timeout instead). Exactly-once
 * does not depend on it: the restarted instance fences the dead one's transactions either way.
 *
 * <p>Default size, the one {@code mvn -B verify} runs: 30,000 messages and 5 kills (about two minutes
 * on two cores; every kill lands at a random point, inside a transaction or between two). Campaigns run on
 * demand: {@code -Dkith.crash.messages=100000 -Dkith.crash.kills=10}, or
 * {@code -Dkith.crash.messages=1000000 -Dkith.crash.kills=30}; {@code -Dkith.crash.seed=N} draws
 * the kill points of an earlier run again (its seed is printed). The children's logs are kept in {@code target/CrashRecoveryIT/}.
 */
class CrashRecoveryIT {

    private static final int MESSAGES = Integer.getInteger("kith.crash.messages", 30_000);
    private static final int KILLS = Integer.getInteger("kith.crash.kills", 5);
    private static final long SEED = Long.getLong("kith.crash.seed", System.nanoTime());
    private static final boolean EVICT = Boolean.parseBoolean(System.getProperty("kith.crash.evict", "true"));
    private static final int MESSAGES_PER_FAMILY = 50;
    /** Time for the whole stream to be decided after the last kill: generous, a few hundred messages a second. */
    private static final Duration FINISH_DEADLINE = Duration.ofSeconds(180 + MESSAGES / 250);
    /** Where the children's logs are kept (in the module's build directory), for a look after a failure. */
    private static final Path LOGS = Path.of("target", "CrashRecoveryIT");
    private static final List<String> CHILD_JVM = List.of("-Xmx768m", "-XX:+UseSerialGC");

    /** Expected decisions: "messageId recipient" to permit (true) or deny (false). */
    private final Map<String, Boolean> expected = new HashMap<>();
    private final List<String> consentMessages = new ArrayList<>();
    private final List<String> startTimes = new ArrayList<>();
    private long publishingMillis;
    /** The running child, if any: killed after the test whatever its outcome. */
    private ChildHub child;

    @AfterEach
    void killTheChild() {
        if (child != null) {
            child.destroy();
        }
    }

    @Test
    void everyPermittedMessageIsDeliveredExactlyOnceAcrossKills(@TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        Path logs = Files.createDirectories(LOGS);
        Random random = new Random(SEED);
        try (var fixture = PipelineFixture.create("CrashRecoveryIT", dir)) {
            Path dataDir = dir.resolve("data");
            startChild(fixture, dataDir, logs, 0);
            // The first instance has created the topics.
            CompletableFuture<Integer> published = CompletableFuture.supplyAsync(() -> publishStream(fixture));
            // About the ledger's size once every decision and consent record is committed once.
            long ledgerSize = (long) MESSAGES * 5 / 4;
            long[] killPoints = random.longs(KILLS, 1, ledgerSize * 9 / 10).sorted().toArray();
            List<String> killedAt = new ArrayList<>();
            for (int kill = 0; kill < KILLS; kill++) {
                long point = killPoints[kill];
                ChildHub running = child;
                await("ledger at " + point + " before kill " + kill).atMost(FINISH_DEADLINE)
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> running.alive() && fixture.endOffsetSum(fixture.topics().ledger()) >= point);
                running.kill();
                killedAt.add(Long.toString(fixture.endOffsetSum(fixture.topics().ledger())));
                if (EVICT) {
                    fixture.evictGroupMembers();
                }
                startChild(fixture, dataDir, logs, kill + 1);
            }
            int messages = published.get(FINISH_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            fixture.awaitCaughtUp(FINISH_DEADLINE);
            child.alive();
            child.stop();

            assertDeliveredExactlyOnce(fixture);
            assertOneDecisionPerMessageAndRecipient(fixture);
            assertOneRecordPerConsentMessage(fixture);
            assertEquals(0, fixture.endOffsetSum(fixture.topics().deadLetter()), "nothing was dead-lettered");
            assertTrue(messages >= MESSAGES);
            System.out.printf("CrashRecoveryIT: %d messages (published in %d s), %d decisions, %d kills at ledger end"
                            + " offsets %s; ms from start to ready: %s; seed %d; %d s in all%n", messages,
                    publishingMillis / 1000, expected.size(), KILLS, String.join(" ", killedAt),
                    String.join(" ", startTimes), SEED, Duration.ofNanos(System.nanoTime() - started).toSeconds());
        }
    }

    /**
     * Publishes the stream and records what each decision must be. Families by index modulo 4:
     * 0 grants the clinic, 1 the clinic and the court, 2 nothing, 3 the clinic and revokes it
     * half-way through its referrals. Returns how many messages were published.
     */
    private int publishStream(PipelineFixture fixture) {
        long start = System.nanoTime();
        int families = Math.max(4, MESSAGES / MESSAGES_PER_FAMILY);
        int count = 0;
        boolean[] clinic = new boolean[families];
        boolean[] court = new boolean[families];
        for (int f = 0; f < families; f++) {
            if (f % 4 != 2) {
                consentMessages.add(fixture.grantPermission(family(f), CLINIC).id());
                clinic[f] = true;
                count++;
            }
            if (f % 4 == 1) {
                consentMessages.add(fixture.grantPermission(family(f), COURT).id());
                court[f] = true;
                count++;
            }
        }
        int revocations = (families + 1) / 4;
        int rounds = (MESSAGES - count - revocations + families - 1) / families;
        for (int round = 0; round < rounds; round++) {
            for (int f = 0; f < families; f++) {
                if (f % 4 == 3 && round == rounds / 2) {
                    consentMessages.add(fixture.revokePermission(family(f), CLINIC).id());
                    clinic[f] = false;
                    count++;
                }
                boolean toCourt = (round + f) % 4 == 0;
                Envelope referral = toCourt
                        ? fixture.referral(family(f), "R-" + f + "-" + round, CLINIC, COURT)
                        : fixture.referral(family(f), "R-" + f + "-" + round, CLINIC);
                expected.put(referral.id() + " " + CLINIC, clinic[f]);
                if (toCourt) {
                    expected.put(referral.id() + " " + COURT, court[f]);
                }
                count++;
            }
        }
        fixture.flush();
        publishingMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        return count;
    }

    private static String family(int f) {
        return "F-CR-" + f;
    }

    /** Starts {@code kith run} in a child JVM on the same data directory and waits until it is ready. */
    private void startChild(PipelineFixture fixture, Path dataDir, Path logs, int index) throws IOException {
        child = ChildHub.start(fixture, dataDir, CHILD_JVM, logs.resolve("child-" + index + ".log"));
        startTimes.add(Long.toString(child.readyMillis()));
    }

    private void assertDeliveredExactlyOnce(PipelineFixture fixture) {
        for (String recipient : List.of(CLINIC, COURT, SCHOOL)) {
            Map<String, Integer> delivered = fixture.countByMessageId(fixture.topics().outbound(recipient));
            List<String> wrong = new ArrayList<>();
            int permitted = 0;
            for (var decision : expected.entrySet()) {
                String[] pair = decision.getKey().split(" ");
                if (!pair[1].equals(recipient)) {
                    continue;
                }
                int copies = delivered.getOrDefault(pair[0], 0);
                if (decision.getValue()) {
                    permitted++;
                }
                if (copies != (decision.getValue() ? 1 : 0)) {
                    wrong.add(pair[0] + " x" + copies + (decision.getValue() ? " (permitted)" : " (withheld)"));
                }
            }
            assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())),
                    wrong.size() + " messages delivered a wrong number of times to " + recipient);
            assertEquals(permitted, delivered.size(), "only permitted messages on " + recipient + "'s topic");
            assertEquals(permitted, delivered.values().stream().mapToInt(Integer::intValue).sum());
        }
    }

    private void assertOneDecisionPerMessageAndRecipient(PipelineFixture fixture) {
        Map<String, int[]> decided = new HashMap<>();
        Map<String, String> wrong = new TreeMap<>();
        fixture.forEachLedgerEntry(PipelineFixture.DECISION, decision -> {
            String key = decision.get("messageId").asText() + " " + decision.get("recipient").asText();
            decided.computeIfAbsent(key, k -> new int[1])[0]++;
            Boolean permit = expected.get(key);
            if (permit == null) {
                wrong.put(key, "not a decision the stream calls for");
            } else if (permit != decision.get("outcome").asText().equals("permit")) {
                wrong.put(key, decision.get("outcome").asText() + " " + decision.path("reasons"));
            }
        });
        expected.keySet().forEach(key -> {
            int n = decided.containsKey(key) ? decided.get(key)[0] : 0;
            if (n != 1) {
                wrong.put(key, n + " decisions");
            }
        });
        assertEquals(Map.of(), wrong.entrySet().stream().limit(20).collect(TreeMap::new,
                (m, e) -> m.put(e.getKey(), e.getValue()), TreeMap::putAll), wrong.size() + " wrong decisions");
    }

    private void assertOneRecordPerConsentMessage(PipelineFixture fixture) {
        Map<String, Integer> recorded = new HashMap<>();
        fixture.forEachLedgerEntry(PipelineFixture.CONSENT, e -> {
            if (!e.get("document").asText().equals("family-profile")) {
                recorded.merge(e.get("messageId").asText(), 1, Integer::sum);
            }
        });
        Map<String, Integer> expectedRecords = new HashMap<>();
        consentMessages.forEach(id -> expectedRecords.put(id, 1));
        assertEquals(expectedRecords, recorded, "one ledger record per directive and revocation");
    }
}
