package org.kith.hub.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import org.kith.hub.crypto.Digests;
import org.kith.hub.crypto.Jcs;
import org.kith.schemas.Json;

/**
 * One record of a ledger chain (one per {@code kith.ledger} partition), one JSON line:
 * {@code {"chain":"kith.ledger-3","seq":41,"prev":"<hex>","kind":"decision","at":"<RFC 3339>","body":{...},"hash":"<hex>"}}.
 *
 * <p>{@code hash} is the lower-case hex SHA-256 of the record's canonical bytes: the RFC 8785
 * canonical JSON ({@link Jcs}) of the record without its {@code hash} member. {@code prev} is the
 * previous record's {@code hash} ({@link #GENESIS} for {@code seq} 0), so changing, removing or
 * moving any record breaks every later link. Verifiers work on the JSON as written, never on a
 * re-serialisation, so a field added to a body later does not break old records.
 */
public record LedgerRecord(String chain, long seq, String prev, String kind, Instant at, JsonNode body, String hash) {

    /** The {@code prev} of a chain's first record and the {@code previousCheckpoint} of its first checkpoint. */
    public static final String GENESIS = "0".repeat(64);

    public LedgerRecord {
        Objects.requireNonNull(chain);
        Objects.requireNonNull(prev);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(at);
        Objects.requireNonNull(body);
        Objects.requireNonNull(hash);
    }

    /** The record for {@code event} at position {@code seq} after the record whose hash is {@code prev}. */
    static LedgerRecord of(String chain, long seq, String prev, Instant at, LedgerEvent event) {
        JsonNode body = Json.mapper().valueToTree(event);
        ObjectNode unhashed = json(chain, seq, prev, event.kind(), at, body);
        return new LedgerRecord(chain, seq, prev, event.kind(), at, body, hashOf(unhashed));
    }

    /** The record as the JSON object it is written as. */
    public ObjectNode toJson() {
        ObjectNode node = json(chain, seq, prev, kind, at, body);
        node.put("hash", hash);
        return node;
    }

    /** The record as one line of an export file or one Kafka value (no line break inside). */
    public String toLine() {
        try {
            return Json.mapper().writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record read back from its line; its hash is not checked here ({@link LedgerVerifier} does). */
    public static LedgerRecord parse(String line) {
        try {
            JsonNode node = Json.mapper().readTree(line);
            return new LedgerRecord(node.get("chain").textValue(), node.get("seq").longValue(), node.get("prev").textValue(),
                    node.get("kind").textValue(), Instant.parse(node.get("at").textValue()), node.get("body"),
                    node.get("hash").textValue());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a ledger record", e);
        }
    }

    /** The typed body. */
    public LedgerEvent event() {
        Class<? extends LedgerEvent> type = switch (kind) {
            case "decision" -> LedgerEvent.Decision.class;
            case "delivery" -> LedgerEvent.Delivery.class;
            case LedgerEvent.DeliveryFailed.KIND -> LedgerEvent.DeliveryFailed.class;
            case "refusal" -> LedgerEvent.Refusal.class;
            case "admin-change" -> LedgerEvent.AdminChange.class;
            case "consent-recorded" -> LedgerEvent.ConsentRecorded.class;
            case LedgerEvent.ConsentWithdrawn.KIND -> LedgerEvent.ConsentWithdrawn.class;
            case LedgerEvent.AccessRefused.KIND -> LedgerEvent.AccessRefused.class;
            case LedgerEvent.Checkpoint.KIND -> LedgerEvent.Checkpoint.class;
            default -> throw new IllegalArgumentException("unknown ledger record kind " + kind);
        };
        try {
            return Json.mapper().treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body does not fit kind " + kind, e);
        }
    }

    public byte[] hashBytes() {
        return Digests.unhex(hash);
    }

    /** The hex SHA-256 of the canonical form of {@code record} without its {@code hash} member. */
    static String hashOf(JsonNode record) {
        ObjectNode copy = ((ObjectNode) record).deepCopy();
        copy.remove("hash");
        return Digests.hex(Digests.sha256(Jcs.canonicalize(copy)));
    }

    /**
     * What a checkpoint's signature covers: the canonical form of the checkpoint record without
     * {@code hash}, and without the body's {@code signature} and {@code timestamp}. So it binds the
     * chain, the position, the previous record, the time, the range, the root and the previous
     * checkpoint; the key id is in the signature's protected header.
     */
    static byte[] signedBytes(JsonNode checkpointRecord) {
        ObjectNode copy = ((ObjectNode) checkpointRecord).deepCopy();
        copy.remove("hash");
        ObjectNode body = (ObjectNode) copy.get("body");
        body.remove("signature");
        body.remove("timestamp");
        return Jcs.canonicalize(copy);
    }

    private static ObjectNode json(String chain, long seq, String prev, String kind, Instant at, JsonNode body) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("chain", chain);
        node.put("seq", seq);
        node.put("prev", prev);
        node.put("kind", kind);
        node.put("at", at.toString());
        node.set("body", body);
        return node;
    }
}
