package org.kith.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.KeyRing;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.testing.SteppingClock;

/** Appending: chaining, checkpoints by count and by age, restart from state, key rotation, the timestamp hook. */
class LedgerChainTest {

    private final SteppingClock clock = new SteppingClock(LedgerFixture.START);
    private final KeyRing keys = KeyRing.of(SigningKey.fromSeed(new byte[32]), clock);
    private static final LedgerEvent EVENT = new LedgerEvent.Refusal("county-cw", "evt-1", "bad-signature", "00".repeat(32));

    private HashChain chain(int maxRecords, Duration maxAge) {
        return new HashChain(HashChain.State.empty("kith.ledger-2"), new HashChain.Policy(maxRecords, maxAge), keys,
                TimestampHook.NONE, clock);
    }

    @Test
    void recordsAreNumberedAndChainedFromGenesis() {
        HashChain chain = chain(100, Duration.ofHours(1));
        LedgerRecord first = chain.append(EVENT).get(0);
        LedgerRecord second = chain.append(EVENT).get(0);
        assertEquals(0, first.seq());
        assertEquals(LedgerRecord.GENESIS, first.prev());
        assertEquals(1, second.seq());
        assertEquals(first.hash(), second.prev());
        assertEquals(LedgerRecord.hashOf(first.toJson()), first.hash());
        assertEquals("{\"chain\":\"kith.ledger-2\",\"seq\":0,\"prev\":\"" + LedgerRecord.GENESIS + "\",\"kind\":\"refusal\","
                + "\"at\":\"2026-11-20T14:00:00Z\",\"body\":{\"sender\":\"county-cw\",\"partnerEventId\":\"evt-1\","
                + "\"reason\":\"bad-signature\",\"bodySha256\":\"" + "00".repeat(32) + "\"},\"hash\":\"" + first.hash() + "\"}",
                first.toLine());
        assertEquals(first, LedgerRecord.parse(first.toLine()));
        assertEquals(EVENT, LedgerRecord.parse(first.toLine()).event());
    }

    @Test
    void aRedeliveryDecisionAndABreakGlassRecordReadBackAsWrittenAndOthersKeepTheirForm() {
        HashChain chain = chain(100, Duration.ofHours(1));
        var first = new LedgerEvent.Decision("d-2", "m-1", "org.kith.referral.v1", "F-1", List.of("F-1-C1"), "county-cw",
                "riverside-clinic", "referral", "deny", List.of(), List.of("identity:consent-revoked"),
                List.of("agreement:MOU-1"), List.of("consent-revoked"), List.of(), "kith-consent/1");
        var again = first.redelivering(new LedgerEvent.Decision.Redelivery("kith.deadletter.riverside-clinic/3", "d-1",
                "ops-1"));
        var emergency = new LedgerEvent.ConsentRecorded("legal-authority", "EM-1", "F-1", "m-2", "county-cw", "emergency",
                List.of(), new LedgerEvent.ConsentRecorded.Emergency("oncall-1", "admin-api", "The child cannot wait."));
        for (LedgerEvent event : List.of(first, again, emergency)) {
            LedgerRecord record = chain.append(event).get(0);
            assertEquals(event, LedgerRecord.parse(record.toLine()).event());
        }
        assertFalse(chain.append(first).get(0).toLine().contains("redeliveryOf"),
                "a first release's record has the form it always had");
    }

    @Test
    void aCheckpointFollowsEveryNthRecordAndSealsExactlyThem() {
        HashChain chain = chain(3, Duration.ofHours(1));
        List<LedgerRecord> written = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            written.addAll(chain.append(EVENT));
        }
        assertEquals(List.of("refusal", "refusal", "refusal", "checkpoint", "refusal", "refusal", "refusal", "checkpoint", "refusal"),
                written.stream().map(LedgerRecord::kind).toList());
        var first = (LedgerEvent.Checkpoint) written.get(3).event();
        var second = (LedgerEvent.Checkpoint) written.get(7).event();
        assertEquals(0, first.firstSeq());
        assertEquals(2, first.lastSeq());
        assertEquals(LedgerRecord.GENESIS, first.previousCheckpoint());
        assertEquals(4, second.firstSeq());
        assertEquals(6, second.lastSeq());
        assertEquals(written.get(3).hash(), second.previousCheckpoint());
        assertEquals(Digests.hex(MerkleTree.root(written.subList(4, 7).stream()
                .map(r -> MerkleTree.leafHash(r.hashBytes())).toList())), second.root());
        assertTrue(DetachedJws.verify(first.signature(), LedgerRecord.signedBytes(written.get(3).toJson()), keys).isValid());

        var result = (LedgerVerification.Ok) new LedgerVerifier(keys).verify(written.stream().map(LedgerRecord::toLine).toList());
        assertEquals(new LedgerVerification.Ok("kith.ledger-2", 9, 2, 7, 1), result);
    }

    @Test
    void aQuietChainIsSealedOnceItsOldestRecordIsOld() {
        HashChain chain = chain(1000, Duration.ofSeconds(5));
        assertEquals(Optional.empty(), chain.checkpointIfDue(), "nothing to seal");
        chain.append(EVENT);
        clock.step(Duration.ofSeconds(3));
        chain.append(EVENT);
        clock.step(Duration.ofMillis(1999));
        assertEquals(Optional.empty(), chain.checkpointIfDue());
        clock.step(Duration.ofMillis(1));
        LedgerRecord checkpoint = chain.checkpointIfDue().orElseThrow();
        assertEquals(new LedgerEvent.Checkpoint(0, 1, ((LedgerEvent.Checkpoint) checkpoint.event()).root(), LedgerRecord.GENESIS,
                ((LedgerEvent.Checkpoint) checkpoint.event()).signature(), null), checkpoint.event());
        clock.step(Duration.ofHours(1));
        assertEquals(Optional.empty(), chain.checkpointIfDue(), "no empty checkpoints");
        clock.step(Duration.ofSeconds(10));
        assertEquals(1, chain.append(EVENT).size(), "a new record starts its own age");
    }

    @Test
    void aRestartedChainContinuesExactlyAsAnUninterruptedOne() {
        HashChain uninterrupted = chain(4, Duration.ofHours(1));
        HashChain first = chain(4, Duration.ofHours(1));
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            uninterrupted.append(EVENT).forEach(r -> expected.add(r.toLine()));
            first.append(EVENT).forEach(r -> actual.add(r.toLine()));
        }
        HashChain.State state = first.state();
        HashChain resumed = new HashChain(state, new HashChain.Policy(4, Duration.ofHours(1)), keys, TimestampHook.NONE, clock);
        for (int i = 0; i < 6; i++) {
            uninterrupted.append(EVENT).forEach(r -> expected.add(r.toLine()));
            resumed.append(EVENT).forEach(r -> actual.add(r.toLine()));
        }
        assertEquals(expected, actual);
        assertTrue(new LedgerVerifier(keys).verify(actual).isOk());
    }

    @Test
    void checkpointsBeforeAndAfterAKeyRotationVerify() {
        HashChain chain = chain(2, Duration.ofHours(1));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chain.append(EVENT).forEach(r -> lines.add(r.toLine()));
        }
        clock.step(Duration.ofDays(30));
        KeyRing rotated = keys.rotate(SigningKey.fromSeed(Digests.sha256(new byte[] {1})));
        chain.useKeys(rotated);
        for (int i = 0; i < 4; i++) {
            chain.append(EVENT).forEach(r -> lines.add(r.toLine()));
        }
        LedgerVerification result = new LedgerVerifier(rotated).verify(lines);
        assertEquals(4, ((LedgerVerification.Ok) result).checkpoints());
        assertFalse(new LedgerVerifier(keys).verify(lines).isOk(), "the old ring does not know the new key");
    }

    @Test
    void aRetiredKeyCannotSealLaterRecords() {
        KeyRing rotated = keys.rotate(SigningKey.fromSeed(Digests.sha256(new byte[] {1})));
        clock.step(Duration.ofSeconds(1));
        HashChain stale = chain(1, Duration.ofHours(1)); // still signing with the retired key
        List<String> lines = stale.append(EVENT).stream().map(LedgerRecord::toLine).toList();
        assertEquals(new LedgerVerification.Bad("kith.ledger-2", 1, 2, LedgerFault.RETIRED_KEY), new LedgerVerifier(rotated).verify(lines));
    }

    @Test
    void theTimestampHookTokenIsStoredAndCoveredByTheRecordHash() {
        byte[][] seen = new byte[1][];
        TimestampHook hook = signed -> {
            seen[0] = signed;
            return Optional.of("token".getBytes(StandardCharsets.US_ASCII));
        };
        HashChain chain = new HashChain(HashChain.State.empty("c"), new HashChain.Policy(1, Duration.ofHours(1)), keys, hook, clock);
        List<LedgerRecord> records = chain.append(EVENT);
        var checkpoint = (LedgerEvent.Checkpoint) records.get(1).event();
        assertEquals(Digests.base64Url("token".getBytes(StandardCharsets.US_ASCII)), checkpoint.timestamp());
        assertEquals(new String(LedgerRecord.signedBytes(records.get(1).toJson()), StandardCharsets.UTF_8),
                new String(seen[0], StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>(records.stream().map(LedgerRecord::toLine).toList());
        assertTrue(new LedgerVerifier(keys).verify(lines).isOk());
        ObjectNode altered = LedgerFixture.node(lines.get(1));
        ((ObjectNode) altered.get("body")).put("timestamp", "b3RoZXI");
        lines.set(1, altered.toString());
        assertEquals(LedgerFault.HASH_MISMATCH, ((LedgerVerification.Bad) new LedgerVerifier(keys).verify(lines)).fault());
    }

    @Test
    void checkpointsAreNotAppendedFromOutsideAndPoliciesAreValidated() {
        HashChain chain = chain(10, Duration.ofHours(1));
        assertThrows(IllegalArgumentException.class,
                () -> chain.append(new LedgerEvent.Checkpoint(0, 0, "00".repeat(32), LedgerRecord.GENESIS, "x", null)));
        assertThrows(IllegalArgumentException.class, () -> new HashChain.Policy(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new HashChain.Policy(1, Duration.ZERO));
        assertInstanceOf(LedgerEvent.Refusal.class, chain.append(EVENT).get(0).event());
    }
}
