package org.kith.connectors;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.Submission;

/**
 * One accepted submission as it is written to {@code kith.inbound}, the same whichever edge it came
 * through: the hub's message id, the acceptance time, the CloudEvents Kafka binding as headers, the
 * data as value, the family id as key (one family's messages stay in order).
 *
 * <p>The message id is derived from what identifies the event, its {@code source} and {@code id}
 * (CloudEvents: "source + id is unique for each distinct event"), never drawn at random: a message
 * sent again, through any edge, to any instance, before or after a restart, carries the same message
 * id as the first time, so the core can tell it was decided already, and any copy that still slipped
 * through carries the same {@code Idempotency-Key} and Kafka {@code ce_id} for its recipient.
 *
 * @param headers the {@code ce_} headers and content type, nothing else
 */
public record InboundRecord(String messageId, String familyId, Map<String, String> headers, byte[] value) {

    /**
     * The namespace of Kith message ids (RFC 9562 name-based ids): a fixed value, so the same event
     * has the same message id on every hub and forever.
     */
    static final UUID NAMESPACE = UUID.fromString("6f3b1c1e-5a0d-4f2e-9b7a-4b1d2c3e4f50");

    /** Accepts {@code submission} now: the hub's message id and time replace nothing the partner sent. */
    public static InboundRecord accept(Submission submission, Clock clock) {
        Envelope envelope = Envelope.accepted(messageId(submission.source(), submission.id()),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), submission);
        return new InboundRecord(envelope.id(), envelope.familyid(),
                CloudEventCodec.headers(envelope, CloudEventCodec.Binding.KAFKA), CloudEventCodec.dataBytes(envelope));
    }

    /**
     * The hub's message id of event {@code eventId} of {@code source}: a version 5 (SHA-1, name-based)
     * UUID of {@code source|eventId} in {@link #NAMESPACE}. A partner id holds no {@code |}, so two
     * different pairs never share a name.
     */
    public static String messageId(String source, String eventId) {
        if (source.indexOf('|') >= 0) {
            throw new IllegalArgumentException("a partner id holds no '|'");
        }
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                    .putLong(NAMESPACE.getLeastSignificantBits()).array());
            byte[] hash = sha1.digest((source + "|" + eventId).getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // RFC 9562 variant
            ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
            return new UUID(bits.getLong(), bits.getLong()).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
