package org.kith.hub.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.Envelope;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;

/** What the REST ingress writes for a structured CloudEvent, for topology tests without the edge. */
public final class IngressRecords {

    private IngressRecords() {
    }

    /** The accepted envelope of a valid test message; a test message that is not valid fails the test. */
    public static Envelope accept(SubmissionValidator validator, String cloudEvent, String messageId, Instant at) {
        var result = validator.validate(cloudEvent.getBytes(StandardCharsets.UTF_8));
        if (!(result instanceof ValidationResult.Valid valid)) {
            throw new AssertionError("test message invalid: " + result);
        }
        return Envelope.accepted(messageId, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), valid.submission());
    }

    /** The record on the inbound topic: ce_ headers, the data, under {@code key}. */
    public static TestRecord<String, byte[]> record(String key, Envelope envelope, Instant at) {
        var headers = new RecordHeaders();
        CloudEventCodec.headers(envelope, CloudEventCodec.Binding.KAFKA)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new TestRecord<>(key, CloudEventCodec.dataBytes(envelope), headers, at);
    }
}
