package org.kith.hub.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kith.hub.pipeline.PipelineFixture.CLINIC;
import static org.kith.hub.pipeline.PipelineFixture.COURT;
import static org.kith.hub.pipeline.PipelineFixture.SCHOOL;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.kith.schemas.Envelope;

/**
 * A stream of referrals across many families, with consent directives and revocations interleaved,
 * and what the hub must have made of it however often it or its brokers were killed: every
 * referral decided once per recipient, with the outcome its family's consent called for at that
 * point of the family's stream (so a revocation is never overtaken by a later referral), every
 * permitted copy on its recipient's outbound topic exactly once and nothing else there but one
 * consent-withdrawn notice per revocation (to the clinic, which received referrals under the revoked
 * directive), one ledger record per directive and revocation.
 *
 * <p>Families by index modulo 4: 0 grants the clinic, 1 the clinic and the court, 2 nothing, 3 the
 * clinic and revokes it half-way through its referrals. Referrals go round-robin over the families,
 * a quarter of them to the clinic and the court.
 */
final class ReferralStream {

    /** The CloudEvents type of the notice a revocation sends the partners that received data under the directive. */
    static final String WITHDRAWN_NOTICE = "org.kith.consent-withdrawn.v1";
    /** How a notice is counted among a recipient's copies: by the revocation it tells of. */
    private static final String NOTICE = "notice-of:";

    private final String familyPrefix;
    private final int messages;
    private final int messagesPerFamily;
    /** Expected decisions: "messageId recipient" to permit (true) or deny (false). */
    private final Map<String, Boolean> expected = new ConcurrentHashMap<>();
    private final List<String> consentMessages = Collections.synchronizedList(new ArrayList<>());
    /** Expected consent-withdrawn notices: {@link #NOTICE} + revocation message id + " " + recipient. */
    private final Set<String> notices = ConcurrentHashMap.newKeySet();
    private final AtomicInteger published = new AtomicInteger();
    private volatile long publishingMillis;

    /**
     * @param familyPrefix      the families' ids start with it
     * @param messages          about how many messages to publish
     * @param messagesPerFamily one family per so many messages
     */
    ReferralStream(String familyPrefix, int messages, int messagesPerFamily) {
        this.familyPrefix = familyPrefix;
        this.messages = messages;
        this.messagesPerFamily = messagesPerFamily;
    }

    /** Publishes the whole stream as fast as the producer takes it; returns how many messages it published. */
    int publish(PipelineFixture fixture) {
        return publish(fixture, 0);
    }

    /**
     * Publishes the whole stream at about {@code perSecond} messages a second (0: as fast as it can),
     * waits until the broker acknowledged all of it, and returns how many messages it published.
     */
    int publish(PipelineFixture fixture, int perSecond) {
        long start = System.nanoTime();
        long interval = perSecond > 0 ? 1_000_000_000L / perSecond : 0;
        int families = Math.max(4, messages / messagesPerFamily);
        boolean[] clinic = new boolean[families];
        boolean[] court = new boolean[families];
        for (int f = 0; f < families; f++) {
            if (f % 4 != 2) {
                consentMessages.add(fixture.grantPermission(family(f), CLINIC).id());
                clinic[f] = true;
                paced(start, interval);
            }
            if (f % 4 == 1) {
                consentMessages.add(fixture.grantPermission(family(f), COURT).id());
                court[f] = true;
                paced(start, interval);
            }
        }
        int revocations = (families + 1) / 4;
        int rounds = (messages - published.get() - revocations + families - 1) / families;
        for (int round = 0; round < rounds; round++) {
            for (int f = 0; f < families; f++) {
                if (f % 4 == 3 && round == rounds / 2) {
                    String revocation = fixture.revokePermission(family(f), CLINIC).id();
                    consentMessages.add(revocation);
                    if (round > 0) { // the clinic received referrals under the directive: it is told
                        notices.add(NOTICE + revocation + " " + CLINIC);
                    }
                    clinic[f] = false;
                    paced(start, interval);
                }
                boolean toCourt = (round + f) % 4 == 0;
                Envelope referral = toCourt
                        ? fixture.referral(family(f), "R-" + f + "-" + round, CLINIC, COURT)
                        : fixture.referral(family(f), "R-" + f + "-" + round, CLINIC);
                expected.put(referral.id() + " " + CLINIC, clinic[f]);
                if (toCourt) {
                    expected.put(referral.id() + " " + COURT, court[f]);
                }
                paced(start, interval);
            }
        }
        fixture.flush();
        publishingMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        return published.get();
    }

    /** Counts one more message and, when paced, waits for its slot (pacing the load, not synchronising). */
    private void paced(long start, long interval) {
        int count = published.incrementAndGet();
        if (interval > 0) {
            long due = start + count * interval;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
        }
    }

    private String family(int f) {
        return familyPrefix + f;
    }

    /** Messages published so far. */
    int published() {
        return published.get();
    }

    /** How long publishing took, once it is done. */
    long publishingMillis() {
        return publishingMillis;
    }

    /** How many decisions the stream calls for (one per referral and recipient). */
    int decisions() {
        return expected.size();
    }

    /** Every permitted referral exactly once on its recipient's outbound topic (read_committed), nothing else there. */
    void assertDeliveredExactlyOnce(PipelineFixture fixture) {
        Figures figures = figures(fixture);
        for (String recipient : List.of(CLINIC, COURT, SCHOOL)) {
            Map<String, Integer> delivered = delivered(fixture, recipient);
            List<String> wrong = new ArrayList<>();
            int permitted = 0;
            for (var decision : expectedCopies().entrySet()) {
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
                    wrong.size() + " messages delivered a wrong number of times to " + recipient + "; in all " + figures);
            assertEquals(permitted, delivered.size(), "only permitted messages on " + recipient + "'s topic");
            assertEquals(permitted, delivered.values().stream().mapToInt(Integer::intValue).sum());
        }
    }

    /**
     * Exactly one decision per referral and recipient in the ledger, each with the outcome the family's
     * consent called for where the referral stood in the family's stream.
     */
    void assertOneDecisionPerMessageAndRecipient(PipelineFixture fixture) {
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

    /** How many of the decisions the stream calls for are not in the ledger yet (read_committed), whatever their outcome. */
    int undecided(PipelineFixture fixture) {
        Set<String> decided = new HashSet<>();
        fixture.forEachLedgerEntry(PipelineFixture.DECISION, decision ->
                decided.add(decision.get("messageId").asText() + " " + decision.get("recipient").asText()));
        return (int) expected.keySet().stream().filter(key -> !decided.contains(key)).count();
    }

    /** One ledger record per directive and revocation published. */
    void assertOneRecordPerConsentMessage(PipelineFixture fixture) {
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

    /** What the outbound topics must hold: every decision's copy (or none), and the withdrawal notices. */
    private Map<String, Boolean> expectedCopies() {
        Map<String, Boolean> copies = new HashMap<>(expected);
        notices.forEach(notice -> copies.put(notice, true));
        return copies;
    }

    /**
     * What is on a recipient's outbound topic (read_committed), counted: referral copies by message
     * id ({@code ce_id}), withdrawal notices by the revocation they tell of.
     */
    private static Map<String, Integer> delivered(PipelineFixture fixture, String recipient) {
        Map<String, Integer> counts = new HashMap<>();
        fixture.forEachCommitted(fixture.topics().outbound(recipient), record -> {
            String key = WITHDRAWN_NOTICE.equals(PipelineFixture.header(record, "ce_type"))
                    ? NOTICE + PipelineFixture.json(record.value()).path("revocationMessageId").asText()
                    : PipelineFixture.header(record, "ce_id");
            counts.merge(key, 1, Integer::sum);
        });
        return counts;
    }

    /**
     * What reached the recipients against what the stream calls for: permitted copies (withdrawal
     * notices included) missing (lost), permitted copies there more than once (the extra copies:
     * duplicated), withheld ones or ones the stream never called for there (leaked).
     */
    record Figures(int permitted, int lost, int duplicated, int leaked) {
    }

    /** The figures of what is on the outbound topics now (read_committed). */
    Figures figures(PipelineFixture fixture) {
        int permitted = 0;
        int lost = 0;
        int duplicated = 0;
        int leaked = 0;
        for (String recipient : List.of(CLINIC, COURT)) {
            Map<String, Integer> delivered = delivered(fixture, recipient);
            Map<String, Boolean> calledFor = expectedCopies();
            for (var copy : delivered.entrySet()) {
                if (!calledFor.containsKey(copy.getKey() + " " + recipient)) {
                    leaked += copy.getValue(); // nothing the stream calls for
                }
            }
            for (var decision : calledFor.entrySet()) {
                String[] pair = decision.getKey().split(" ");
                if (!pair[1].equals(recipient)) {
                    continue;
                }
                int copies = delivered.getOrDefault(pair[0], 0);
                if (decision.getValue()) {
                    permitted++;
                    lost += copies == 0 ? 1 : 0;
                    duplicated += Math.max(0, copies - 1);
                } else {
                    leaked += copies;
                }
            }
        }
        return new Figures(permitted, lost, duplicated, leaked);
    }
}
