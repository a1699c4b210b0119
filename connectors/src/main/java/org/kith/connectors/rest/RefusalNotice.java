package org.kith.connectors.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.util.Objects;
import org.kith.schemas.Json;

/**
 * What the REST ingress writes to {@code kith.inbound} (with the {@code kith-refusal} header, keyed
 * by the sender) when it refuses a message at the door for its signature or as a replay, and the
 * Kafka ingress when it refuses a message for any reason (it cannot answer at once): the ledger
 * is written only by the enforcement core, which turns this notice into a refusal record. It holds
 * ids, a reason code and a hash, never the refused bytes.
 *
 * @param sender         the partner the credential belongs to
 * @param partnerEventId the id the sender gave the message, where it could be read
 * @param reason         the reason code the sender was given
 * @param bodySha256     hex SHA-256 of the refused body, so a dispute can name the bytes
 * @param channel        the edge that refused it when that edge could not answer the sender
 *                       ({@value #KAFKA}): the core then also tells the sender on its status topic;
 *                       null for the REST ingress, which answered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefusalNotice(String sender, String partnerEventId, String reason, String bodySha256, String channel) {

    /** Exchange property: set once the step that refused a message has recorded its notice itself. */
    public static final String RECORDED = "kith.refusalRecorded";

    /** The channel of a refusal by the Kafka ingress. */
    public static final String KAFKA = "kafka";

    public RefusalNotice {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(reason, "reason");
    }

    /** A refusal the sender was answered (REST). */
    public RefusalNotice(String sender, String partnerEventId, String reason, String bodySha256) {
        this(sender, partnerEventId, reason, bodySha256, null);
    }

    public byte[] toJson() {
        try {
            return Json.mapper().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a refusal notice", e);
        }
    }

    /** Reads a notice; throws {@link IllegalArgumentException} if it is not one. */
    public static RefusalNotice fromJson(byte[] json) {
        try {
            return Json.mapper().readValue(json, RefusalNotice.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a refusal notice", e);
        }
    }
}
