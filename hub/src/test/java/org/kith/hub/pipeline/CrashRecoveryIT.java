package org.kith.hub.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    private final ReferralStream stream = new ReferralStream("F-CR-", MESSAGES, MESSAGES_PER_FAMILY);
    private final List<String> startTimes = new ArrayList<>();
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
            CompletableFuture<Integer> published = CompletableFuture.supplyAsync(() -> stream.publish(fixture));
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

            stream.assertDeliveredExactlyOnce(fixture);
            stream.assertOneDecisionPerMessageAndRecipient(fixture);
            stream.assertOneRecordPerConsentMessage(fixture);
            assertEquals(0, fixture.endOffsetSum(fixture.topics().deadLetter()), "nothing was dead-lettered");
            assertTrue(messages >= MESSAGES);
            System.out.printf("CrashRecoveryIT: %d messages (published in %d s), %d decisions, %d kills at ledger end"
                            + " offsets %s; ms from start to ready: %s; seed %d; %d s in all%n", messages,
                    stream.publishingMillis() / 1000, stream.decisions(), KILLS, String.join(" ", killedAt),
                    String.join(" ", startTimes), SEED, Duration.ofNanos(System.nanoTime() - started).toSeconds());
        }
    }

    /** Starts {@code kith run} in a child JVM on the same data directory and waits until it is ready. */
    private void startChild(PipelineFixture fixture, Path dataDir, Path logs, int index) throws IOException {
        child = ChildHub.start(fixture, dataDir, CHILD_JVM, logs.resolve("child-" + index + ".log"));
        startTimes.add(Long.toString(child.readyMillis()));
    }
}
