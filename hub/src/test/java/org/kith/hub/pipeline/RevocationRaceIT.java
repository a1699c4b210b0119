package org.kith.hub.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.pipeline.PipelineFixture.CLINIC;
import static org.kith.hub.pipeline.PipelineFixture.DEADLINE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;

/**
 * The revocation race: for one family, 1,000 rounds of grant, M1 (a referral to the clinic),
 * revoke, M2 (another referral to the clinic), published straight to {@code kith.inbound} with two
 * hub instances running. M1 is always delivered, M2 never is: on the clinic's read_committed
 * outbound topic every M1 appears exactly once and no M2 appears, and the agency's status topic
 * holds exactly one notice per referral, forwarded for M1 and withheld (no-consent) for M2.
 *
 * <p>Why one family, re-granted every round with the same directive id: a revocation protects the
 * messages that follow it in that family's stream, whatever instance holds the family then. One
 * family keeps a single consent record going from permitted to revoked and back 1,000 times (fresh
 * families would each start from nothing and prove little about a record with history; fresh
 * directive ids would grow one family's record without bound). But one family is one partition,
 * owned by one instance at a time, so two running instances alone would leave the second idle for
 * this family. The test therefore moves the family between instances on purpose, six times over
 * the run: it waits until a consent change is recorded, stops the instance that recorded it (the
 * family's owner, known by its {@linkplain PipelineFixture#stampedClock stamped clock}), publishes
 * the next referral and starts a fresh instance on an empty data directory. That referral is
 * decided by an instance that knows of the change only through the consent changelog. Three
 * handovers fall between the grant and M1 (M1 must still be delivered: the grant moved with the
 * family) and three between the revocation and M2 (M2 must still be withheld: the revocation moved
 * with it). Between handovers the rounds are published as fast as the producer goes, so the
 * rebalances that follow each start also happen with the family's records in flight.
 */
class RevocationRaceIT {

    private static final int ROUNDS = 1_000;
    private static final int HANDOVERS = 6;
    private static final String FAMILY = "F-RACE";

    private record Instance(int marker, Hub hub) {
    }

    private record Round(String grant, String m1, String revocation, String m2) {
    }

    private final List<Instance> running = new ArrayList<>();
    private int lastMarker;

    @Test
    void aReferralAfterTheRevocationIsNeverDeliveredAndOneBeforeItAlwaysIs(@TempDir Path dir) {
        try (var fixture = PipelineFixture.create("RevocationRaceIT", dir)) {
            try {
                startInstance(fixture, dir);
                startInstance(fixture, dir);
                Map<Integer, Boolean> handoverAfterRevocation = new HashMap<>();
                for (int h = 1; h <= HANDOVERS; h++) {
                    handoverAfterRevocation.put(ROUNDS * h / (HANDOVERS + 1), h % 2 == 0);
                }
                List<Round> rounds = new ArrayList<>();
                Map<String, Integer> ownerBeforeHandover = new LinkedHashMap<>();
                for (int r = 0; r < ROUNDS; r++) {
                    Boolean afterRevocation = handoverAfterRevocation.get(r);
                    String grant = fixture.grantPermission(FAMILY, CLINIC).id();
                    Integer owner = Boolean.FALSE.equals(afterRevocation) ? handOver(fixture, grant) : null;
                    String m1 = fixture.referral(FAMILY, "R-" + r + "-M1", CLINIC).id();
                    if (owner != null) {
                        ownerBeforeHandover.put(m1, owner);
                        startInstance(fixture, dir);
                    }
                    String revocation = fixture.revokePermission(FAMILY, CLINIC).id();
                    owner = Boolean.TRUE.equals(afterRevocation) ? handOver(fixture, revocation) : null;
                    String m2 = fixture.referral(FAMILY, "R-" + r + "-M2", CLINIC).id();
                    if (owner != null) {
                        ownerBeforeHandover.put(m2, owner);
                        startInstance(fixture, dir);
                    }
                    rounds.add(new Round(grant, m1, revocation, m2));
                }
                fixture.awaitCaughtUp(DEADLINE);

                assertM1DeliveredOnceAndM2Never(fixture, rounds);
                assertOneNoticePerMessage(fixture, rounds);
                assertHandoversMovedTheFamily(fixture, ownerBeforeHandover);
            } finally {
                running.forEach(instance -> instance.hub().close());
            }
        }
    }

    /**
     * Waits until {@code consentMessage} is recorded, then stops the instance that recorded it: the
     * family's owner. The family's next referral is decided elsewhere. Returns the stopped one.
     */
    private int handOver(PipelineFixture fixture, String consentMessage) {
        fixture.flush();
        int owner = awaitRecordedBy(fixture, consentMessage);
        stopInstance(owner);
        return owner;
    }

    private void startInstance(PipelineFixture fixture, Path dir) {
        int marker = ++lastMarker;
        running.add(new Instance(marker, fixture.startHub(dir.resolve("instance-" + marker),
                PipelineFixture.stampedClock(marker))));
    }

    private void stopInstance(int marker) {
        Instance instance = running.stream().filter(i -> i.marker() == marker).findFirst()
                .orElseThrow(() -> new AssertionError("instance " + marker + " recorded consent but is not running"));
        running.remove(instance);
        instance.hub().close();
    }

    /** Waits until the ledger holds the consent record of {@code messageId}; returns the instance that wrote it. */
    private static int awaitRecordedBy(PipelineFixture fixture, String messageId) {
        JsonNode entry = await("revocation " + messageId + " recorded").atMost(DEADLINE)
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> fixture.ledger(PipelineFixture.CONSENT).stream()
                        .filter(e -> messageId.equals(e.path("messageId").asText())).findFirst(), Optional::isPresent)
                .get();
        return PipelineFixture.markerOf(entry.get("at").asText());
    }

    private static void assertM1DeliveredOnceAndM2Never(PipelineFixture fixture, List<Round> rounds) {
        // the clinic is also told of each revocation (a consent-withdrawn notice): those are not deliveries
        Map<String, Integer> delivered = fixture.countByMessageId(fixture.topics().outbound(CLINIC),
                type -> type == null || !type.contains("consent-withdrawn"));
        Map<String, Integer> expected = rounds.stream().collect(Collectors.toMap(Round::m1, m1 -> 1));
        Map<Integer, String> wrong = new TreeMap<>();
        for (int r = 0; r < rounds.size(); r++) {
            Round round = rounds.get(r);
            if (delivered.getOrDefault(round.m1(), 0) != 1) {
                wrong.put(r, "M1 delivered " + delivered.getOrDefault(round.m1(), 0) + " times");
            }
            if (delivered.containsKey(round.m2())) {
                wrong.put(r, "M2 delivered after the revocation");
            }
        }
        assertEquals(Map.of(), wrong, "rounds where delivery went wrong");
        assertEquals(expected, delivered, "nothing but each M1, once, on the clinic's topic");
    }

    private static void assertOneNoticePerMessage(PipelineFixture fixture, List<Round> rounds) {
        Map<String, List<JsonNode>> notices = fixture.statusNotices().stream()
                .collect(Collectors.groupingBy(n -> n.get("messageId").asText()));
        for (int r = 0; r < rounds.size(); r++) {
            Round round = rounds.get(r);
            int index = r;
            List<JsonNode> first = notices.getOrDefault(round.m1(), List.of());
            List<JsonNode> second = notices.getOrDefault(round.m2(), List.of());
            assertEquals(1, first.size(), () -> "round " + index + ", M1 notices: " + first);
            assertEquals("forwarded", first.get(0).get("outcome").asText(), () -> "round " + index + ", M1: " + first);
            assertEquals(1, second.size(), () -> "round " + index + ", M2 notices: " + second);
            assertEquals("withheld", second.get(0).get("outcome").asText(), () -> "round " + index + ", M2: " + second);
            assertEquals("consent-revoked", second.get(0).get("reason").asText(), () -> "round " + index + ", M2: " + second);
            assertEquals(1, notices.getOrDefault(round.grant(), List.of()).size(), () -> "round " + index + ", grant");
            assertEquals(1, notices.getOrDefault(round.revocation(), List.of()).size(), () -> "round " + index + ", revocation");
        }
    }

    /** The referral after each handover was decided by another instance than the one that recorded the consent change before it. */
    private static void assertHandoversMovedTheFamily(PipelineFixture fixture, Map<String, Integer> ownerBeforeHandover) {
        Map<String, Integer> decidedBy = new LinkedHashMap<>();
        Set<Integer> deciders = new HashSet<>();
        for (JsonNode decision : fixture.decisions()) {
            int marker = PipelineFixture.markerOf(decision.get("at").asText());
            deciders.add(marker);
            decidedBy.put(decision.get("messageId").asText(), marker);
        }
        assertEquals(HANDOVERS, ownerBeforeHandover.size());
        ownerBeforeHandover.forEach((m2, owner) -> assertNotEquals(owner, decidedBy.get(m2),
                "referral " + m2 + " was published after its family's owner " + owner + " stopped"));
        assertTrue(deciders.size() > HANDOVERS, "the family was decided by " + deciders.size() + " instances");
    }
}
