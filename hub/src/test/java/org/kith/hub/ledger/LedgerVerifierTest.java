package org.kith.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kith.hub.ledger.LedgerFixture.node;
import static org.kith.hub.ledger.LedgerFixture.rehash;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.KeyRing;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.ledger.LedgerVerification.Bad;
import org.kith.hub.ledger.LedgerVerifier.Anchor;

/** One test per fault code: what each tampering looks like and where it is reported. */
class LedgerVerifierTest {

    /** 10 records with a checkpoint after every 4th: seq 0-3, cp 4, 5-8, cp 9, 10-11 unsealed. */
    private final LedgerFixture fixture = new LedgerFixture(7, 4).append(10);
    private final List<String> lines = new ArrayList<>(fixture.lines);
    private final LedgerVerifier verifier = new LedgerVerifier(fixture.keys);

    private Bad bad(List<String> input) {
        return (Bad) verifier.verify(input);
    }

    @Test
    void anIntactLedgerIsOkWithItsUnsealedTail() {
        assertEquals(12, lines.size());
        assertEquals(new LedgerVerification.Ok("kith.ledger-0", 12, 2, 9, 2), verifier.verify(lines));
        assertEquals(new LedgerVerification.Ok(null, 0, 0, -1, 0), verifier.verify(List.of()));
    }

    @Test
    void malformed() {
        lines.set(2, "{\"chain\":\"kith.ledger-0\"");
        assertEquals(new Bad("kith.ledger-0", 2, 3, LedgerFault.MALFORMED), bad(lines));
        ObjectNode fraction = node(fixture.lines.get(2));
        fraction.put("seq", 2.0);
        lines.set(2, fraction.toString());
        assertEquals(LedgerFault.MALFORMED, bad(lines).fault());
        lines.set(2, "");
        assertEquals(LedgerFault.MALFORMED, bad(lines).fault());
    }

    @Test
    void hashMismatch() {
        lines.set(6, lines.get(6).replace("\"riverside-clinic\"", "\"lincoln-elementary\"").replace("\"county-cw\"", "\"county-cx\""));
        assertEquals(new Bad("kith.ledger-0", 6, 7, LedgerFault.HASH_MISMATCH), bad(lines));
    }

    @Test
    void brokenChain() {
        ObjectNode forged = node(lines.get(6));
        ((ObjectNode) forged.get("body")).put("reason", "forged");
        lines.set(6, rehash(forged).toString());
        assertEquals(new Bad("kith.ledger-0", 7, 8, LedgerFault.BROKEN_CHAIN), bad(lines));
    }

    @Test
    void wrongChain() {
        lines.set(3, rehash(node(lines.get(3)).put("chain", "kith.ledger-1")).toString());
        assertEquals(new Bad("kith.ledger-0", 3, 4, LedgerFault.WRONG_CHAIN), bad(lines));
    }

    @Test
    void missing() {
        lines.remove(5);
        assertEquals(new Bad("kith.ledger-0", 5, 6, LedgerFault.MISSING), bad(lines));
    }

    @Test
    void reordered() {
        Collections.swap(lines, 1, 2);
        assertEquals(new Bad("kith.ledger-0", 1, 2, LedgerFault.REORDERED), bad(lines));
        List<String> repeated = new ArrayList<>(fixture.lines);
        repeated.add(7, repeated.get(2));
        assertEquals(new Bad("kith.ledger-0", 7, 8, LedgerFault.REORDERED), bad(repeated));
    }

    @Test
    void badCheckpointRange() {
        ObjectNode checkpoint = node(lines.get(9));
        ((ObjectNode) checkpoint.get("body")).put("firstSeq", 6);
        lines.set(9, rehash(checkpoint).toString());
        assertEquals(new Bad("kith.ledger-0", 9, 10, LedgerFault.BAD_CHECKPOINT_RANGE), bad(lines));
        ObjectNode unlinked = node(fixture.lines.get(9));
        ((ObjectNode) unlinked.get("body")).put("previousCheckpoint", LedgerRecord.GENESIS);
        lines.set(9, rehash(unlinked).toString());
        assertEquals(new Bad("kith.ledger-0", 9, 10, LedgerFault.BAD_CHECKPOINT_RANGE), bad(lines));
    }

    @Test
    void badCheckpointRoot() {
        ObjectNode checkpoint = node(lines.get(4));
        ((ObjectNode) checkpoint.get("body")).put("root", "ab".repeat(32));
        lines.set(4, rehash(checkpoint).toString());
        assertEquals(new Bad("kith.ledger-0", 4, 5, LedgerFault.BAD_CHECKPOINT_ROOT), bad(lines));
    }

    @Test
    void badCheckpointSignature() {
        ObjectNode checkpoint = node(lines.get(4));
        String signature = checkpoint.get("body").get("signature").textValue();
        String other = lines.get(9).split("\"signature\":\"")[1].split("\"")[0];
        ((ObjectNode) checkpoint.get("body")).put("signature", signature.substring(0, signature.lastIndexOf('.'))
                + other.substring(other.lastIndexOf('.')));
        lines.set(4, rehash(checkpoint).toString());
        assertEquals(new Bad("kith.ledger-0", 4, 5, LedgerFault.BAD_CHECKPOINT_SIGNATURE), bad(lines));
    }

    @Test
    void unknownKey() {
        ObjectNode checkpoint = node(lines.get(4));
        SigningKey intruder = SigningKey.fromSeed(new byte[32]);
        ((ObjectNode) checkpoint.get("body")).put("signature",
                DetachedJws.sign(intruder, fixture.clock.instant(), LedgerRecord.signedBytes(checkpoint)));
        lines.set(4, rehash(checkpoint).toString());
        assertEquals(new Bad("kith.ledger-0", 4, 5, LedgerFault.UNKNOWN_KEY), bad(lines));
    }

    @Test
    void retiredKey() {
        KeyRing rotatedBeforeTheLedger = fixture.keys.rotate(SigningKey.fromSeed(new byte[32]));
        // the fixture's key is retired at the fixture clock's present, after every checkpoint it signed
        assertEquals(12L, ((LedgerVerification.Ok) new LedgerVerifier(rotatedBeforeTheLedger).verify(lines)).records());
        var early = new org.kith.hub.testing.SteppingClock(LedgerFixture.START);
        KeyRing retiredAtStart = KeyRing.of(SigningKey.fromSeed(new byte[32]), early);
        KeyRing ring = KeyRing.of(fixture.keys.active(), early).rotate(retiredAtStart.active());
        assertEquals(new Bad("kith.ledger-0", 4, 5, LedgerFault.RETIRED_KEY), new LedgerVerifier(ring).verify(lines));
    }

    @Test
    void truncatedAndAnchorMismatch() {
        ObjectNode lastCheckpoint = node(lines.get(9));
        Anchor anchor = new Anchor(9, lastCheckpoint.get("hash").textValue());
        assertEquals(12L, ((LedgerVerification.Ok) verifier.verify(lines, Optional.of(anchor))).records());
        assertEquals(new Bad("kith.ledger-0", 7, 8, LedgerFault.TRUNCATED), verifier.verify(lines.subList(0, 7), Optional.of(anchor)));
        assertEquals(new LedgerVerification.Ok("kith.ledger-0", 11, 2, 9, 1), verifier.verify(lines.subList(0, 11), Optional.of(anchor)),
                "cutting the unsealed tail is reported as a shorter unsealed tail, not detected");
        assertEquals(new Bad("kith.ledger-0", 9, 10, LedgerFault.ANCHOR_MISMATCH),
                verifier.verify(lines, Optional.of(new Anchor(9, "ab".repeat(32)))));
    }

    @Test
    void everyChainOfAnExportIsVerifiedOnItsOwn() {
        HashChain second = new HashChain(HashChain.State.empty("kith.ledger-1"), new HashChain.Policy(4, java.time.Duration.ofHours(1)),
                fixture.keys, TimestampHook.NONE, fixture.clock);
        List<String> export = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            export.add(lines.get(i));
            second.append(LedgerFixture.event(new java.util.Random(i))).forEach(r -> export.add(r.toLine()));
        }
        Map<String, LedgerVerification> results = verifier.verifyAll(export);
        assertEquals(List.of("kith.ledger-0", "kith.ledger-1"), List.copyOf(results.keySet()));
        assertEquals(true, results.values().stream().allMatch(LedgerVerification::isOk));
        export.add(3, "garbage");
        assertEquals(Map.of("?", new Bad("?", -1, 4, LedgerFault.MALFORMED)), verifier.verifyAll(export));
    }

    @Test
    void faultCodesAreStable() {
        assertEquals(List.of("malformed", "hash-mismatch", "broken-chain", "wrong-chain", "missing", "reordered",
                        "bad-checkpoint-range", "bad-checkpoint-root", "bad-checkpoint-signature", "unknown-key", "retired-key",
                        "truncated", "anchor-mismatch", "not-covered", "bad-path"),
                java.util.Arrays.stream(LedgerFault.values()).map(LedgerFault::code).toList());
    }
}
