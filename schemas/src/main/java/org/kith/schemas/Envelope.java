package org.kith.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message as it travels on the hub's topics: what a partner submitted plus what the hub
 * established at the door (message id, the authenticated sender, the time it was accepted).
 * Attribute names follow CloudEvents 1.0 ({@code id}, {@code source}, {@code type}, {@code time});
 * {@code familyid} and {@code recipients} are Kith extensions.
 *
 * @param id         message id assigned by the hub
 * @param source     the sending partner id, taken from its credential, never from the body
 * @param type       CloudEvents type, e.g. {@code org.kith.referral.v1}
 * @param time       when the hub accepted the message
 * @param familyid   the family the message is about; the partition key of {@code kith.inbound}
 * @param recipients partner ids the sender addresses
 * @param data       the payload, valid against the type's schema
 */
public record Envelope(String specversion, String id, String source, String type, Instant time,
                       String familyid, List<String> recipients, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(familyid, "familyid");
        recipients = List.copyOf(recipients == null ? List.of() : recipients);
        Objects.requireNonNull(data, "data");
    }

    public static Envelope accepted(String id, String source, Instant time, Submission submission) {
        return new Envelope(SPEC_VERSION, id, source, submission.type(), time, submission.familyid(),
                submission.recipients(), submission.data());
    }

    /** The message type; unknown type names never get this far (validation refuses them). */
    @JsonIgnore
    public MessageType messageType() {
        return MessageType.fromTypeName(type)
                .orElseThrow(() -> new IllegalStateException("unknown message type " + type));
    }
}
