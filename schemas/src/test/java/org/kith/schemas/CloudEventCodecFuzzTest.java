package org.kith.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.kith.fuzz.RawMessage;

/**
 * Fuzz target of {@link CloudEventCodec}'s readers: a record of the hub's topics in binary mode
 * (the CloudEvents Kafka binding, read as the enforcement core reads {@code kith.inbound}) and a
 * structured document (what a webhook carries). The input is a structured JSON document, or a
 * record in the corpus's text form ({@link RawMessage}: header lines, a blank line, the value).
 *
 * <p>Properties: what is not one of the hub's envelopes is refused with an {@link IllegalArgumentException}
 * saying why (a structured document by {@link CloudEventCodec#fromStructuredJson}, an event the SDK read
 * from a record by {@link CloudEventCodec#fromCloudEvent}; the core sets such a record aside as
 * {@code unparseable}, as it does one the SDK cannot read at all);
 * the core's next step, validating the data, holds for whatever it reads; and what it reads it writes
 * back, in either binding and as a webhook's body, as an envelope that reads back the same.
 */
class CloudEventCodecFuzzTest {

    private static final SubmissionValidator VALIDATOR = new SubmissionValidator();

    @FuzzTest(maxDuration = "10s")
    void whatTheCodecReadsItWritesBackTheSameAndWhatItCannotReadItRefuses(byte[] input) throws Exception {
        Envelope read;
        try {
            read = RawMessage.isHeaderFirst(input) ? fromRecord(input) : CloudEventCodec.fromStructuredJson(input);
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "a refusal says why");
            return;
        } catch (NotACloudEvent sdkRefusal) {
            return; // the SDK's own refusal of a record, set aside by the core as unparseable
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

    /**
     * A record in the corpus's text form ({@link RawMessage}, its header values the record's header
     * bytes), read as the core reads one: the SDK's event, then the codec's envelope of it.
     */
    private static Envelope fromRecord(byte[] input) {
        RawMessage record = RawMessage.parse(input);
        Headers headers = new RecordHeaders();
        record.headers().forEach(header -> headers.add(header.name(), header.value()));
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(headers, record.body()).toEvent();
        } catch (RuntimeException e) {
            throw new NotACloudEvent();
        }
        return CloudEventCodec.fromCloudEvent(event);
    }

    /** The CloudEvents SDK could not read a record as an event at all. */
    private static final class NotACloudEvent extends RuntimeException {
        NotACloudEvent() {
            super(null, null, false, false);
        }
    }

    /** The same envelope with its time at offset zero, as the Kafka binding writes it. */
    private static Envelope inUtc(Envelope envelope) {
        return new Envelope(envelope.id(), envelope.source(), envelope.type(), envelope.subject(),
                envelope.time().withOffsetSameInstant(ZoneOffset.UTC), envelope.familyid(), envelope.purpose(),
                envelope.recipients(), envelope.partnereventid(), envelope.data());
    }
}
