package org.kith.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.ledger.LedgerFixture.node;
import static org.kith.hub.ledger.LedgerFixture.rehash;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kith.hub.crypto.KeyRing;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.ledger.InclusionProof.Check;

/** Inclusion proofs: every sealed record of a ledger has one that verifies alone; altered proofs do not. */
class LedgerProofTest {

    /** Checkpoints after every 7th record: trees of 7 leaves, and a last range of fewer. */
    private final LedgerFixture fixture = new LedgerFixture(11, 7).append(40);
    private final List<String> lines = fixture.lines;

    @Test
    void everySealedRecordHasAProofThatVerifiesAndUnsealedOnesHaveNone() {
        int proven = 0;
        for (String line : lines) {
            long seq = LedgerFixture.seq(line);
            Optional<InclusionProof> proof = InclusionProof.prove(lines, seq);
            if (LedgerFixture.isCheckpoint(line)) {
                assertEquals(Optional.empty(), proof, "checkpoints are not leaves");
                continue;
            }
            if (seq > lastCheckpointSeq()) {
                assertEquals(Optional.empty(), proof, "not sealed yet");
                continue;
            }
            InclusionProof parsed = InclusionProof.fromJson(proof.orElseThrow().toJson());
            Check check = parsed.verify(fixture.keys);
            assertTrue(check instanceof Check.Valid valid && valid.seq() == seq, seq + ": " + check);
            proven++;
        }
        assertEquals(35, proven);
    }

    @Test
    void aProofDoesNotVerifyAgainstAnotherCheckpointOrWithAlteredParts() {
        InclusionProof proof = InclusionProof.prove(lines, 9).orElseThrow();
        ObjectNode otherCheckpoint = node(lines.get(7));
        assertEquals(new Check.Invalid(LedgerFault.NOT_COVERED), proof.verify(otherCheckpoint, fixture.keys));

        ObjectNode record = proof.record().deepCopy();
        ((ObjectNode) record.get("body")).put("recipient", "lincoln-elementary");
        assertEquals(new Check.Invalid(LedgerFault.HASH_MISMATCH),
                new InclusionProof(record, proof.leafIndex(), proof.treeSize(), proof.path(), proof.checkpoint()).verify(fixture.keys));
        assertEquals(new Check.Invalid(LedgerFault.BAD_PATH),
                new InclusionProof(rehash(record), proof.leafIndex(), proof.treeSize(), proof.path(), proof.checkpoint()).verify(fixture.keys));

        List<String> path = new ArrayList<>(proof.path());
        path.set(1, "ab".repeat(32));
        assertEquals(new Check.Invalid(LedgerFault.BAD_PATH),
                new InclusionProof(proof.record(), proof.leafIndex(), proof.treeSize(), path, proof.checkpoint()).verify(fixture.keys));
        assertEquals(new Check.Invalid(LedgerFault.NOT_COVERED),
                new InclusionProof(proof.record(), proof.leafIndex() + 1, proof.treeSize(), proof.path(), proof.checkpoint()).verify(fixture.keys));

        ObjectNode forgedRoot = proof.checkpoint().deepCopy();
        ((ObjectNode) forgedRoot.get("body")).put("root", "ab".repeat(32));
        assertEquals(new Check.Invalid(LedgerFault.BAD_CHECKPOINT_SIGNATURE), proof.verify(rehash(forgedRoot), fixture.keys));
        KeyRing stranger = KeyRing.of(SigningKey.fromSeed(new byte[32]), fixture.clock);
        assertEquals(new Check.Invalid(LedgerFault.UNKNOWN_KEY), proof.verify(stranger));
        assertEquals(new Check.Invalid(LedgerFault.MALFORMED), proof.verify(proof.record(), fixture.keys), "a record is not a checkpoint");
    }

    private long lastCheckpointSeq() {
        long last = -1;
        for (String line : lines) {
            if (LedgerFixture.isCheckpoint(line)) {
                last = LedgerFixture.seq(line);
            }
        }
        return last;
    }
}
