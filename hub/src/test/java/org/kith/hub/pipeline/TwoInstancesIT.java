package org.kith.hub.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.schemas.Envelope;

/**
 * Two hub instances on the same topics (same prefix and partners file, their own data directories
 * and HTTP ports) share the partitions of {@code kith.inbound}, and when one stops the other takes
 * its families over. Each instance runs on a {@linkplain PipelineFixture#stampedClock stamped clock},
 * so every ledger entry tells which instance made the decision.
 *
 * <p>Phase 1: 40 families (half of them permit referrals to the clinic), 10 referrals each, with
 * both instances running: every referral is decided exactly once, and both instances decided some.
 * Phase 2: 5 more referrals per family, and instance A is closed while they are being processed.
 * Phase 3: 5 more per family after A has stopped. At the end every referral of the three phases is
 * decided exactly once with the right outcome, every permitted one is on the clinic's topic exactly
 * once (read_committed) and no withheld one is; phase 3 was decided by B alone, including the
 * families A had decided in phase 1.
 */
class TwoInstancesIT {

    private static final int FAMILIES = 40;
    private static final int A = 1;
    private static final int B = 2;

    /** What a referral's decision for the clinic must be. */
    private final Map<String, String> expectedOutcome = new LinkedHashMap<>();
    private final Map<String, String> familyOf = new HashMap<>();

    @Test
    void bothInstancesDecideAndTheSurvivorTakesOverWhenOneStops(@TempDir Path dir) {
        try (var fixture = PipelineFixture.create("TwoInstancesIT", dir)) {
            Hub a = fixture.startHub(dir.resolve("a"), PipelineFixture.stampedClock(A));
            Hub b = null;
            try {
                b = fixture.startHub(dir.resolve("b"), PipelineFixture.stampedClock(B));
                List<String> families = new ArrayList<>();
                for (int f = 0; f < FAMILIES; f++) {
                    String family = "F-2I-" + f;
                    families.add(family);
                    if (f % 2 == 0) {
                        fixture.grantPermission(family, CLINIC);
                    }
                }

                List<String> phase1 = publishReferrals(fixture, families, 0, 10);
                fixture.awaitCaughtUp(DEADLINE);
                Map<String, Integer> deciderOfPhase1 = deciders(fixture, phase1);
                assertEquals(Set.of(A, B), Set.copyOf(deciderOfPhase1.values()),
                        "both instances decided referrals while both ran");

                List<String> phase2 = publishReferrals(fixture, families, 10, 5);
                fixture.flush();
                a.close(); // while phase 2 is being processed
                a = null;
                List<String> phase3 = publishReferrals(fixture, families, 15, 5);
                fixture.awaitCaughtUp(DEADLINE);

                assertEachDecidedOnceAsExpected(fixture);
                assertPermittedDeliveredOnce(fixture);
                Map<String, Integer> deciderOfPhase3 = deciders(fixture, phase3);
                assertEquals(Set.of(B), Set.copyOf(deciderOfPhase3.values()), "after A stopped, B decided everything");
                Set<String> familiesOfA = familiesDecidedBy(deciderOfPhase1, A);
                assertFalse(familiesOfA.isEmpty());
                assertTrue(familiesDecidedBy(deciderOfPhase3, B).containsAll(familiesOfA),
                        "B took over every family A had been deciding");
                assertEquals(FAMILIES * 20, phase1.size() + phase2.size() + phase3.size());
            } finally {
                if (a != null) {
                    a.close();
                }
                if (b != null) {
                    b.close();
                }
            }
        }
    }

    private List<String> publishReferrals(PipelineFixture fixture, List<String> families, int from, int count) {
        List<String> ids = new ArrayList<>();
        for (int round = from; round < from + count; round++) {
            for (int f = 0; f < families.size(); f++) {
                String family = families.get(f);
                Envelope referral = fixture.referral(family, "R-" + family + "-" + round, CLINIC);
                expectedOutcome.put(referral.id(), f % 2 == 0 ? "permit" : "deny");
                familyOf.put(referral.id(), family);
                ids.add(referral.id());
            }
        }
        return ids;
    }

    private void assertEachDecidedOnceAsExpected(PipelineFixture fixture) {
        Map<String, List<JsonNode>> decisions = fixture.decisions().stream()
                .collect(Collectors.groupingBy(d -> d.get("messageId").asText()));
        assertEquals(expectedOutcome.keySet(), decisions.keySet(), "every referral decided, nothing else");
        expectedOutcome.forEach((id, outcome) -> {
            List<JsonNode> ofMessage = decisions.get(id);
            assertEquals(1, ofMessage.size(), () -> "decisions for " + id + ": " + ofMessage);
            assertEquals(CLINIC, ofMessage.get(0).get("recipient").asText());
            assertEquals(outcome, ofMessage.get(0).get("outcome").asText(),
                    () -> "family " + familyOf.get(id) + ": " + ofMessage.get(0));
        });
        Map<String, Long> notices = fixture.statusNotices().stream()
                .filter(n -> n.hasNonNull("recipient"))
                .collect(Collectors.groupingBy(n -> n.get("messageId").asText(), Collectors.counting()));
        expectedOutcome.keySet().forEach(id -> assertEquals(1L, notices.get(id), () -> "status notices for " + id));
    }

    private void assertPermittedDeliveredOnce(PipelineFixture fixture) {
        Map<String, Integer> delivered = fixture.countByMessageId(fixture.topics().outbound(CLINIC));
        Set<String> permitted = expectedOutcome.entrySet().stream().filter(e -> e.getValue().equals("permit"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertEquals(permitted, delivered.keySet(), "the clinic's topic holds the permitted referrals and nothing else");
        Set<String> duplicated = new TreeSet<>();
        delivered.forEach((id, n) -> {
            if (n != 1) {
                duplicated.add(id + " x" + n);
            }
        });
        assertEquals(Set.of(), duplicated, "delivered more than once");
    }

    /** Which instance decided each of {@code ids}, by the stamp on its ledger entry. */
    private static Map<String, Integer> deciders(PipelineFixture fixture, List<String> ids) {
        Set<String> wanted = new HashSet<>(ids);
        Map<String, Integer> decider = new HashMap<>();
        for (JsonNode decision : fixture.decisions()) {
            String id = decision.get("messageId").asText();
            if (wanted.contains(id)) {
                decider.put(id, PipelineFixture.markerOf(decision.get("at").asText()));
            }
        }
        assertEquals(wanted, decider.keySet(), "every referral of the phase is decided");
        return decider;
    }

    private Set<String> familiesDecidedBy(Map<String, Integer> decider, int instance) {
        return decider.entrySet().stream().filter(e -> e.getValue() == instance)
                .map(e -> familyOf.get(e.getKey())).collect(Collectors.toSet());
    }
}
