package org.kith.hub.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.KeyLookup;
import org.kith.schemas.Json;

/**
 * Proof that one record is in the ledger: the record itself (payload-free, so it can be handed to
 * a family or a court), its RFC 6962 audit path, and the signed checkpoint whose Merkle root the
 * path leads to. Anyone with the hub's public keys checks it without the rest of the ledger.
 *
 * @param record     the record, as written
 * @param leafIndex  its position among the records the checkpoint seals ({@code seq - firstSeq})
 * @param treeSize   how many records the checkpoint seals
 * @param path       the audit path, leaf to root, hex
 * @param checkpoint the sealing checkpoint record, as written
 */
public record InclusionProof(JsonNode record, long leafIndex, long treeSize, List<String> path, JsonNode checkpoint) {

    public InclusionProof {
        Objects.requireNonNull(record);
        Objects.requireNonNull(checkpoint);
        path = List.copyOf(path);
    }

    /** The outcome of checking a proof. */
    public sealed interface Check permits Check.Valid, Check.Invalid {

        default boolean isValid() {
            return this instanceof Valid;
        }

        /** Record {@code seq} is sealed by checkpoint {@code checkpointSeq}, */
        record Valid(long seq, long checkpointSeq) implements Check {
        }

        record Invalid(LedgerFault fault) implements Check {
        }
    }

    /**
     * The proof for record {@code seq} of a chain given as its lines, against the first
     * checkpoint after it; empty if there is no such record or it is not sealed yet. The lines are
     * assumed verified ({@link LedgerVerifier}); the proof is checked on its own anyway.
     */
    public static Optional<InclusionProof> prove(List<String> lines, long seq) {
        List<JsonNode> sinceCheckpoint = new ArrayList<>();
        JsonNode target = null;
        for (String line : lines) {
            JsonNode node = read(line);
            if (LedgerEvent.Checkpoint.KIND.equals(node.path("kind").textValue())) {
                if (target != null) {
                    List<byte[]> leaves = new ArrayList<>();
                    int index = -1;
                    for (JsonNode r : sinceCheckpoint) {
                        if (r == target) {
                            index = leaves.size();
                        }
                        leaves.add(MerkleTree.leafHash(Digests.unhex(r.get("hash").textValue())));
                    }
                    List<String> path = MerkleTree.path(index, leaves).stream().map(Digests::hex).toList();
                    return Optional.of(new InclusionProof(target, index, leaves.size(), path, node));
                }
                sinceCheckpoint.clear();
            } else {
                sinceCheckpoint.add(node);
                if (node.path("seq").asLong(-1) == seq) {
                    target = node;
                }
            }
        }
        return Optional.empty();
    }

    /** Checks this proof against its own checkpoint and the hub's keys. */
    public Check verify(KeyLookup keys) {
        return verify(checkpoint, keys);
    }

    /**
     * Checks this proof against {@code trustedCheckpoint} (one obtained independently, e.g. from
     * the hub's published checkpoints) and the hub's keys: the checkpoint is intact and signed, the
     * record is intact, of the same chain and within the checkpoint's range, and the path leads from
     * the record to the checkpoint's root.
     */
    public Check verify(JsonNode trustedCheckpoint, KeyLookup keys) {
        if (!LedgerVerifier.wellFormed(trustedCheckpoint) || !LedgerVerifier.wellFormed(record)
                || !LedgerEvent.Checkpoint.KIND.equals(trustedCheckpoint.get("kind").textValue())
                || !trustedCheckpoint.get("body").path("signature").isTextual()) {
            return new Check.Invalid(LedgerFault.MALFORMED);
        }
        try {
            if (!LedgerRecord.hashOf(trustedCheckpoint).equals(trustedCheckpoint.get("hash").textValue())
                    || !LedgerRecord.hashOf(record).equals(record.get("hash").textValue())) {
                return new Check.Invalid(LedgerFault.HASH_MISMATCH);
            }
        } catch (IllegalArgumentException e) {
            return new Check.Invalid(LedgerFault.MALFORMED);
        }
        Optional<LedgerFault> signature = LedgerVerifier.signatureFault(trustedCheckpoint, keys);
        if (signature.isPresent()) {
            return new Check.Invalid(signature.get());
        }
        JsonNode body = trustedCheckpoint.get("body");
        long firstSeq = body.path("firstSeq").asLong();
        long lastSeq = body.path("lastSeq").asLong();
        long seq = record.get("seq").longValue();
        if (!record.get("chain").equals(trustedCheckpoint.get("chain")) || seq < firstSeq || seq > lastSeq
                || leafIndex != seq - firstSeq || treeSize != lastSeq - firstSeq + 1) {
            return new Check.Invalid(LedgerFault.NOT_COVERED);
        }
        List<byte[]> hashes = new ArrayList<>();
        try {
            for (String p : path) {
                hashes.add(Digests.unhex(p));
            }
            byte[] leaf = MerkleTree.leafHash(Digests.unhex(record.get("hash").textValue()));
            if (!MerkleTree.verify(leafIndex, treeSize, leaf, hashes, Digests.unhex(body.path("root").asText()))) {
                return new Check.Invalid(LedgerFault.BAD_PATH);
            }
        } catch (IllegalArgumentException e) {
            return new Check.Invalid(LedgerFault.MALFORMED);
        }
        return new Check.Valid(seq, trustedCheckpoint.get("seq").longValue());
    }

    /** The proof as one JSON document: {@code {"record":..,"leafIndex":..,"treeSize":..,"path":[..],"checkpoint":..}}. */
    public String toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("record", record);
        node.put("leafIndex", leafIndex);
        node.put("treeSize", treeSize);
        ArrayNode array = node.putArray("path");
        path.forEach(array::add);
        node.set("checkpoint", checkpoint);
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proof read from {@link #toJson()}'s form. */
    public static InclusionProof fromJson(String json) {
        JsonNode node = read(json);
        List<String> path = new ArrayList<>();
        node.path("path").forEach(p -> path.add(p.asText()));
        if (!node.path("record").isObject() || !node.path("checkpoint").isObject()) {
            throw new IllegalArgumentException("not an inclusion proof");
        }
        return new InclusionProof(node.get("record"), node.path("leafIndex").asLong(-1), node.path("treeSize").asLong(-1),
                path, node.get("checkpoint"));
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not well-formed JSON", e);
        }
    }
}
