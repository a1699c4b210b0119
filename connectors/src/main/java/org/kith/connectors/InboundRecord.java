package org.kith.connectors;

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
 * through: a fresh message id, the acceptance time, the CloudEvents Kafka binding as headers, the
 * data as value, the family id as key (one family's messages stay in order).
 *
 * @param headers the {@code ce_} headers and content type, nothing else
 */
public record InboundRecord(String messageId, String familyId, Map<String, String> headers, byte[] value) {

    /** Accepts {@code submission} now: the hub's message id and time replace nothing the partner sent. */
    public static InboundRecord accept(Submission submission, Clock clock) {
        Envelope envelope = Envelope.accepted(UUID.randomUUID().toString(),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), submission);
        return new InboundRecord(envelope.id(), envelope.familyid(),
                CloudEventCodec.headers(envelope, CloudEventCodec.Binding.KAFKA), CloudEventCodec.dataBytes(envelope));
    }
}
