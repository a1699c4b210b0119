package org.kith.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.hub.ledger.LedgerFixture.isCheckpoint;
import static org.kith.hub.ledger.LedgerFixture.node;
import static org.kith.hub.ledger.LedgerFixture.rehash;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.SigningKey;
import org.kith.hub.ledger.LedgerVerification.Bad;
import org.kith.hub.ledger.LedgerVerifier.Anchor;

/**
 * 1,200 random tamperings of one ledger (byte flips, deletions, reorderings, duplicates, truncations,
 * forged records with and without re-chaining, checkpoints forged with another key): each one is
 * caught at the record it touched, or at the first record or checkpoint that depends on it, with
 * the fault that says what happened. The seed is fixed so a failure can be replayed; the message
 * names the round.
 */
class LedgerTamperTest {

    private static final int ROUNDS = 1_200;
    private enum Mutation { FLIP, DELETE, SWAP, DUPLICATE, TRUNCATE, FORGE_IN_PLACE, FORGE_AND_RECHAIN, FORGE_CHECKPOINT_KEY,
        FORGE_CHECKPOINT_SIGNATURE }

    private final LedgerFixture fixture = new LedgerFixture(2026, 16).append(200);
    private final List<String> original = List.copyOf(fixture.lines);
    private final LedgerVerifier verifier = new LedgerVerifier(fixture.keys);
    private final int lastCheckpoint = lastCheckpointIndex();
    private final Anchor anchor = new Anchor(lastCheckpoint, node(original.get(lastCheckpoint)).get("hash").textValue());
    private final SigningKey intruder = SigningKey.fromSeed(Digests.sha256("intruder".getBytes(StandardCharsets.UTF_8)));

    @Test
    void everyTamperingIsCaughtAtTheRightRecord() {
        assertTrue(verifier.verify(original, Optional.of(anchor)).isOk());
        assertTrue(original.size() - lastCheckpoint > 2, "the fixture keeps an unsealed tail");
        Random random = new Random(6962);
        Map<Mutation, Integer> counts = new EnumMap<>(Mutation.class);
        for (int round = 0; round < ROUNDS; round++) {
            Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
            counts.merge(mutation, 1, Integer::sum);
            String where = "round " + round + ", " + mutation;
            List<String> lines = new ArrayList<>(original);
            switch (mutation) {
                case FLIP -> {
                    int i = random.nextInt(lines.size());
                    char[] chars = lines.get(i).toCharArray();
                    int at = random.nextInt(chars.length);
                    chars[at] ^= (char) (1 << random.nextInt(8));
                    lines.set(i, new String(chars));
                    expect(lines, i, Set.of(LedgerFault.MALFORMED, LedgerFault.HASH_MISMATCH), where + " at " + i + ":" + at);
                }
                case DELETE -> {
                    int i = random.nextInt(lines.size() - 1); // removing the last record is a truncation
                    lines.remove(i);
                    expect(lines, i, Set.of(LedgerFault.MISSING), where + " of " + i);
                }
                case SWAP -> {
                    int i = random.nextInt(lines.size() - 1);
                    int j = i + 1 + random.nextInt(Math.min(20, lines.size() - i - 1));
                    Collections.swap(lines, i, j);
                    expect(lines, i, Set.of(LedgerFault.REORDERED), where + " of " + i + " and " + j);
                }
                case DUPLICATE -> {
                    int i = random.nextInt(lines.size() - 1);
                    int j = i + 1 + random.nextInt(lines.size() - i - 1);
                    lines.add(j, lines.get(i));
                    expect(lines, j, Set.of(LedgerFault.REORDERED), where + " of " + i + " at " + j);
                }
                case TRUNCATE -> {
                    int keep = random.nextInt(original.size());
                    lines = new ArrayList<>(lines.subList(0, keep));
                    if (keep <= lastCheckpoint) {
                        assertEquals(new Bad("kith.ledger-0", keep, keep + 1, LedgerFault.TRUNCATED),
                                verifier.verify(lines, Optional.of(anchor)), where + " to " + keep);
                    } else {
                        var ok = (LedgerVerification.Ok) verifier.verify(lines, Optional.of(anchor));
                        assertEquals(keep, ok.records(), where);
                        assertEquals(keep - lastCheckpoint - 1, ok.unsealed(), where + ": only the unsealed tail was cut");
                    }
                }
                case FORGE_IN_PLACE -> {
                    int i = randomRecord(random, lines.size() - 1);
                    lines.set(i, forged(lines.get(i), round).toString());
                    expect(lines, i + 1, Set.of(LedgerFault.BROKEN_CHAIN), where + " of " + i);
                }
                case FORGE_AND_RECHAIN -> {
                    int i = randomRecord(random, lastCheckpoint);
                    lines.set(i, forged(lines.get(i), round).toString());
                    rechain(lines, i + 1, false);
                    expect(lines, nextCheckpoint(i), Set.of(LedgerFault.BAD_CHECKPOINT_ROOT), where + " of " + i);
                }
                case FORGE_CHECKPOINT_KEY -> {
                    // the forger re-chains and recomputes every root, and signs with a key of its own
                    int i = randomRecord(random, lastCheckpoint);
                    lines.set(i, forged(lines.get(i), round).toString());
                    rechain(lines, i + 1, true);
                    expect(lines, nextCheckpoint(i), Set.of(LedgerFault.UNKNOWN_KEY), where + " of " + i);
                }
                case FORGE_CHECKPOINT_SIGNATURE -> {
                    // another key's signature under the hub's key id
                    int c = nextCheckpoint(random.nextInt(lastCheckpoint + 1));
                    ObjectNode checkpoint = node(lines.get(c));
                    String jws = checkpoint.get("body").get("signature").textValue();
                    String header = jws.substring(0, jws.indexOf('.'));
                    byte[] input = (header + "." + new String(LedgerRecord.signedBytes(checkpoint), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                    ((ObjectNode) checkpoint.get("body")).put("signature", header + ".." + Digests.base64Url(intruder.sign(input)));
                    lines.set(c, rehash(checkpoint).toString());
                    expect(lines, c, Set.of(LedgerFault.BAD_CHECKPOINT_SIGNATURE), where + " of " + c);
                }
                default -> throw new AssertionError(mutation);
            }
        }
        assertEquals(Mutation.values().length, counts.size(), "every kind of tampering was tried: " + counts);
    }

    /** The verifier reports position {@code index} (seq = index, as seqs start at 0) with one of {@code faults}. */
    private void expect(List<String> lines, int index, Set<LedgerFault> faults, String where) {
        LedgerVerification result = verifier.verify(lines, Optional.of(anchor));
        assertTrue(result instanceof Bad, where + ": not detected");
        Bad bad = (Bad) result;
        assertEquals(index, bad.seq(), where + ": " + bad);
        assertEquals(index + 1, bad.line(), where + ": " + bad);
        assertTrue(faults.contains(bad.fault()), where + ": " + bad);
    }

    /** A record with a different body, rehashed, its prev kept. */
    private static ObjectNode forged(String line, int round) {
        ObjectNode node = node(line);
        ObjectNode body = node.putObject("body");
        body.put("sender", "county-cw").put("reason", "forged-" + round);
        node.put("kind", "refusal");
        return rehash(node);
    }

    /**
     * Rewrites every record from {@code from} on so the chain links again; with {@code resign}, also
     * each checkpoint's range link and root, signed by the intruder's key.
     */
    private void rechain(List<String> lines, int from, boolean resign) {
        String prev = node(lines.get(from - 1)).get("hash").textValue();
        List<byte[]> pending = new ArrayList<>();
        String previousCheckpoint = LedgerRecord.GENESIS;
        for (int k = 0; k < lines.size(); k++) {
            ObjectNode node = node(lines.get(k));
            if (k >= from) {
                node.put("prev", prev);
                if (resign && isCheckpoint(lines.get(k))) {
                    ObjectNode body = (ObjectNode) node.get("body");
                    body.put("root", Digests.hex(MerkleTree.root(pending)));
                    body.put("previousCheckpoint", previousCheckpoint);
                    body.put("signature", DetachedJws.sign(intruder, fixture.clock.instant(), LedgerRecord.signedBytes(node)));
                }
                rehash(node);
                lines.set(k, node.toString());
                prev = node.get("hash").textValue();
            }
            if (isCheckpoint(lines.get(k))) {
                pending.clear();
                previousCheckpoint = node.get("hash").textValue();
            } else {
                pending.add(MerkleTree.leafHash(Digests.unhex(node.get("hash").textValue())));
            }
        }
    }

    private int randomRecord(Random random, int below) {
        while (true) {
            int i = random.nextInt(below);
            if (!isCheckpoint(original.get(i))) {
                return i;
            }
        }
    }

    private int nextCheckpoint(int from) {
        for (int i = from; i < original.size(); i++) {
            if (isCheckpoint(original.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no checkpoint after " + from);
    }

    private int lastCheckpointIndex() {
        for (int i = original.size() - 1; i >= 0; i--) {
            if (isCheckpoint(original.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no checkpoint");
    }
}
