package org.kith.hub.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kith.hub.crypto.DetachedJws;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.Jcs;
import org.kith.hub.crypto.JwsVerification;
import org.kith.hub.crypto.KeyLookup;
import org.kith.schemas.Json;

/**
 * Checks a ledger chain from its records as written (JSON lines: an export file or a partition
 * read from the topic) and names the first bad record. For each record, in order: it is a
 * well-formed record of this chain; its content hashes to its {@code hash}; its {@code seq} is
 * the next one ({@code missing} if that seq never comes, {@code reordered} if it comes later or
 * came before); its {@code prev} is the previous record's hash. A checkpoint must also seal
 * exactly the records since the previous checkpoint, link to that checkpoint, carry their Merkle
 * root and a valid signature by a key in the ring, not retired at the checkpoint's time.
 *
 * <p>Truncation: removing records from the end leaves a valid shorter chain; no verifier can see
 * that from the records alone. Records after the last checkpoint are therefore reported as
 * {@link LedgerVerification.Ok#unsealed()}, and an {@link Anchor} (a record known from elsewhere,
 * usually the latest checkpoint, published or held by an auditor) makes a ledger that ends before
 * it {@code truncated}, and one that holds a different record there {@code anchor-mismatch}.
 */
public final class LedgerVerifier {

    /** A record the verifier is told exists: its seq and hash. */
    public record Anchor(long seq, String hash) {
        public Anchor {
            Objects.requireNonNull(hash);
        }
    }

    private final KeyLookup keys;

    public LedgerVerifier(KeyLookup keys) {
        this.keys = Objects.requireNonNull(keys);
    }

    /** Verifies the lines of one chain. */
    public LedgerVerification verify(List<String> lines) {
        return verify(lines, Optional.empty());
    }

    /** Verifies the lines of one chain, which must reach {@code anchor} and hold it. */
    public LedgerVerification verify(List<String> lines, Optional<Anchor> anchor) {
        return new Run(lines, anchor).verify();
    }

    /**
     * Verifies a file holding several chains (an export of every partition), each chain on its
     * own, in the order of first appearance. A line that is not a record of any chain is reported
     * under the chain {@code "?"}.
     */
    public Map<String, LedgerVerification> verifyAll(List<String> lines) {
        Map<String, List<String>> byChain = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String chain = chainOf(lines.get(i));
            if (chain == null) {
                Map<String, LedgerVerification> bad = new LinkedHashMap<>();
                bad.put("?", new LedgerVerification.Bad("?", -1, i + 1, LedgerFault.MALFORMED));
                return bad;
            }
            byChain.computeIfAbsent(chain, c -> new ArrayList<>()).add(lines.get(i));
        }
        Map<String, LedgerVerification> results = new LinkedHashMap<>();
        byChain.forEach((chain, chainLines) -> results.put(chain, verify(chainLines)));
        return results;
    }

    private static String chainOf(String line) {
        JsonNode node = parse(line);
        return node != null && node.path("chain").isTextual() ? node.get("chain").textValue() : null;
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = Json.mapper().readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** One pass over one chain. */
    private final class Run {
        private final List<String> lines;
        private final Optional<Anchor> anchor;
        private String chain;
        private long expectedSeq;
        private String prevHash = LedgerRecord.GENESIS;
        private long lastCheckpointSeq = -1;
        private String lastCheckpointHash = LedgerRecord.GENESIS;
        private long checkpoints;
        private final List<byte[]> pendingLeaves = new ArrayList<>();
        private final MessageDigest sha = Digests.sha256();

        Run(List<String> lines, Optional<Anchor> anchor) {
            this.lines = lines;
            this.anchor = anchor;
        }

        LedgerVerification verify() {
            for (int i = 0; i < lines.size(); i++) {
                Optional<LedgerFault> fault = check(i);
                if (fault.isPresent()) {
                    return new LedgerVerification.Bad(chain == null ? "?" : chain, expectedSeq, i + 1, fault.get());
                }
                expectedSeq++;
            }
            if (anchor.isPresent() && anchor.get().seq() >= expectedSeq) {
                return new LedgerVerification.Bad(chain == null ? "?" : chain, expectedSeq, lines.size() + 1, LedgerFault.TRUNCATED);
            }
            return new LedgerVerification.Ok(chain, expectedSeq, checkpoints, lastCheckpointSeq, expectedSeq - lastCheckpointSeq - 1);
        }

        private Optional<LedgerFault> check(int index) {
            JsonNode node = parse(lines.get(index));
            if (node == null || !wellFormed(node)) {
                return Optional.of(LedgerFault.MALFORMED);
            }
            String hash = node.get("hash").textValue();
            ((ObjectNode) node).remove("hash"); // the node is this pass's own copy: hash what remains
            byte[] canonical;
            try {
                canonical = Jcs.canonicalize(node);
            } catch (IllegalArgumentException e) {
                return Optional.of(LedgerFault.MALFORMED);
            }
            byte[] hashBytes = Digests.unhex(hash);
            if (!Arrays.equals(sha.digest(canonical), hashBytes)) {
                return Optional.of(LedgerFault.HASH_MISMATCH);
            }
            String recordChain = node.get("chain").textValue();
            if (chain == null) {
                chain = recordChain;
            } else if (!chain.equals(recordChain)) {
                return Optional.of(LedgerFault.WRONG_CHAIN);
            }
            long seq = node.get("seq").longValue();
            if (seq < expectedSeq) {
                return Optional.of(LedgerFault.REORDERED);
            }
            if (seq > expectedSeq) {
                return Optional.of(appearsLater(index + 1) ? LedgerFault.REORDERED : LedgerFault.MISSING);
            }
            if (!node.get("prev").textValue().equals(prevHash)) {
                return Optional.of(LedgerFault.BROKEN_CHAIN);
            }
            if (LedgerEvent.Checkpoint.KIND.equals(node.get("kind").textValue())) {
                Optional<LedgerFault> fault = checkCheckpoint(node, seq);
                if (fault.isPresent()) {
                    return fault;
                }
                checkpoints++;
                lastCheckpointSeq = seq;
                lastCheckpointHash = hash;
                pendingLeaves.clear();
            } else {
                pendingLeaves.add(MerkleTree.leafHash(sha, hashBytes));
            }
            // last, so that a record that is also bad in itself is reported with the more precise fault
            if (anchor.isPresent() && anchor.get().seq() == seq && !anchor.get().hash().equals(hash)) {
                return Optional.of(LedgerFault.ANCHOR_MISMATCH);
            }
            prevHash = hash;
            return Optional.empty();
        }

        private Optional<LedgerFault> checkCheckpoint(JsonNode node, long seq) {
            JsonNode body = node.get("body");
            if (!body.path("firstSeq").canConvertToLong() || !body.path("firstSeq").isIntegralNumber()
                    || !body.path("lastSeq").canConvertToLong() || !body.path("lastSeq").isIntegralNumber()
                    || !hex64(body.get("root")) || !hex64(body.get("previousCheckpoint"))
                    || !body.path("signature").isTextual()) {
                return Optional.of(LedgerFault.MALFORMED);
            }
            if (body.get("firstSeq").longValue() != lastCheckpointSeq + 1 || body.get("lastSeq").longValue() != seq - 1
                    || pendingLeaves.isEmpty() || !body.get("previousCheckpoint").textValue().equals(lastCheckpointHash)) {
                return Optional.of(LedgerFault.BAD_CHECKPOINT_RANGE);
            }
            if (!Arrays.equals(MerkleTree.root(pendingLeaves), Digests.unhex(body.get("root").textValue()))) {
                return Optional.of(LedgerFault.BAD_CHECKPOINT_ROOT);
            }
            return signatureFault(node, keys);
        }

        private boolean appearsLater(int from) {
            for (int i = from; i < lines.size(); i++) {
                JsonNode node = parse(lines.get(i));
                if (node != null && node.path("seq").isIntegralNumber() && node.get("seq").longValue() == expectedSeq
                        && Objects.equals(chain, node.path("chain").textValue())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The fault of a checkpoint record's signature, if any. */
    static Optional<LedgerFault> signatureFault(JsonNode checkpoint, KeyLookup keys) {
        JwsVerification result = DetachedJws.verify(checkpoint.get("body").get("signature").textValue(),
                LedgerRecord.signedBytes(checkpoint), keys);
        if (result instanceof JwsVerification.Invalid invalid) {
            return Optional.of(switch (invalid.reason()) {
                case UNKNOWN_KEY -> LedgerFault.UNKNOWN_KEY;
                case RETIRED_KEY -> LedgerFault.RETIRED_KEY;
                case MALFORMED, BAD_SIGNATURE, UNSUPPORTED_ALG -> LedgerFault.BAD_CHECKPOINT_SIGNATURE;
            });
        }
        return Optional.empty();
    }

    static boolean wellFormed(JsonNode node) {
        return node.path("chain").isTextual() && node.path("seq").isIntegralNumber() && node.get("seq").canConvertToLong()
                && hex64(node.get("prev")) && node.path("kind").isTextual() && node.path("at").isTextual()
                && node.path("body").isObject() && hex64(node.get("hash"));
    }

    private static boolean hex64(JsonNode node) {
        return node != null && node.isTextual() && node.textValue().length() == 64 && Digests.isHex(node.textValue());
    }
}
