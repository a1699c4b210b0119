package org.kith.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Fuzz target of {@link CloudEventCodec}'s readers: a record of the hub's topics in binary mode
 * (the CloudEvents Kafka binding, read as the enforcement core reads {@code kith.inbound}) and a
 * structured document (what a webhook carries). The input is a structured JSON document, or a
 * record written as header lines ({@code name: value}, the value's bytes as they are), a blank line,
 * then the record's value.
 *
 * <p>Properties: an event the CloudEvents SDK reads but that is not one of the hub's envelopes is
 * refused by {@link CloudEventCodec#fromCloudEvent} with an {@link IllegalArgumentException} saying
 * why (the core sets such a record aside as {@code unparseable}, as it does one the SDK cannot read);
 * the core's next step, validating the data, holds for whatever it reads; and what it reads it writes
 * back, in either binding and as a webhook's body, as an envelope that reads back the same.
 */
class CloudEventCodecFuzzTest {

    private static final SubmissionValidator VALIDATOR = new SubmissionValidator();

    private static final JsonFormat STRUCTURED = new JsonFormat();

    @FuzzTest(maxDuration = "10s")
    void whatTheCodecReadsItWritesBackTheSameAndWhatItCannotReadItRefuses(byte[] input) throws Exception {
        CloudEvent event;
        try {
            event = isRecord(input) ? eventOf(input) : STRUCTURED.deserialize(input);
        } catch (RuntimeException notACloudEvent) {
            return; // the SDK's own refusal, set aside by the core as unparseable
        }
        Envelope read;
        try {
            read = CloudEventCodec.fromCloudEvent(event);
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "a refusal says why");
            return;
        }
        VALIDATOR.validateData(read.type(), read.purpose(), read.data());

        Envelope expected = inUtc(read);
        assertEquals(expected, inUtc(CloudEventCodec.fromStructuredJson(CloudEventCodec.toStructuredJson(read))),
                "structured mode");
        Headers headers = new RecordHeaders();
        CloudEventCodec.headers(read, CloudEventCodec.Binding.KAFKA)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, inUtc(fromRecord(headers, CloudEventCodec.dataBytes(read))), "the Kafka binding");
        var webhook = CloudEventCodec.structured(CloudEventCodec.headers(read, CloudEventCodec.Binding.KAFKA),
                CloudEventCodec.Binding.KAFKA, read.data());
        assertEquals(expected, inUtc(CloudEventCodec.fromStructuredJson(Json.mapper().writeValueAsBytes(webhook))),
                "a webhook's body made from the record");
    }

    /** As the enforcement core reads a record of {@code kith.inbound}. */
    private static Envelope fromRecord(Headers headers, byte[] value) {
        return CloudEventCodec.fromCloudEvent(KafkaMessageFactory.createReader(headers, value).toEvent());
    }

    /** A record written as header lines (the first names a header: {@code name: value}), a blank line, its value. */
    private static boolean isRecord(byte[] input) {
        int end = lineEnd(input, 0);
        String first = new String(input, 0, end, StandardCharsets.ISO_8859_1);
        return !first.isEmpty() && Character.isLetter(first.charAt(0)) && first.contains(": ");
    }

    private static CloudEvent eventOf(byte[] input) {
        Headers headers = new RecordHeaders();
        int at = 0;
        while (at < input.length) {
            int end = lineEnd(input, at);
            byte[] line = Arrays.copyOfRange(input, at, end > at && input[end - 1] == '\r' ? end - 1 : end);
            at = end + 1;
            if (line.length == 0) {
                break;
            }
            int colon = indexOf(line, (byte) ':');
            if (colon <= 0) {
                continue;
            }
            int value = colon + 1 < line.length && line[colon + 1] == ' ' ? colon + 2 : colon + 1;
            headers.add(new String(line, 0, colon, StandardCharsets.UTF_8), Arrays.copyOfRange(line, value, line.length));
        }
        return KafkaMessageFactory.createReader(headers, Arrays.copyOfRange(input, Math.min(at, input.length), input.length))
                .toEvent();
    }

    /** The same envelope with its time at offset zero, as the Kafka binding writes it. */
    private static Envelope inUtc(Envelope envelope) {
        return new Envelope(envelope.id(), envelope.source(), envelope.type(), envelope.subject(),
                envelope.time().withOffsetSameInstant(ZoneOffset.UTC), envelope.familyid(), envelope.purpose(),
                envelope.recipients(), envelope.partnereventid(), envelope.data());
    }

    private static int lineEnd(byte[] bytes, int from) {
        int at = from;
        while (at < bytes.length && bytes[at] != '\n') {
            at++;
        }
        return at;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
