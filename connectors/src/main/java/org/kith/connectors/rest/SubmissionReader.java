package org.kith.connectors.rest;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.kith.connectors.InboundRecord;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;

/**
 * Turns a request into the record written to the inbound topic. Accepts a CloudEvent in either
 * HTTP mode, as {@link ContentTypeGate} told them apart: structured ({@code application/cloudevents+json})
 * or binary ({@code ce-} headers of the request itself, never its query, with an {@code application/json}
 * body). Size limit, canonical UTF-8 and validation at the door ({@link SubmissionValidator}), the source
 * checked against the credential; then a fresh message id. The body becomes the data, the headers the
 * Kafka binding.
 */
public final class SubmissionReader implements Processor {

    public static final String MESSAGE_ID = "kith.messageId";
    public static final String FAMILY_ID = "kith.familyId";
    public static final String KAFKA_HEADERS = "kith.kafkaHeaders";

    private final SubmissionValidator validator;
    private final Clock clock;
    private final int maxBytes;

    public SubmissionReader(SubmissionValidator validator, Clock clock, int maxBytes) {
        this.validator = validator;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        ContentTypeGate.Mode mode = ContentTypeGate.of(exchange);
        byte[] body = message.getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.of(400, "empty-body", "Empty request", "the request has no body"));
        }
        if (body.length > maxBytes) {
            throw new ProblemException(Problem.tooLarge(maxBytes));
        }
        ValidationResult result;
        if (mode == ContentTypeGate.Mode.STRUCTURED) {
            result = validator.validate(body);
        } else {
            Map<String, String> headers = new LinkedHashMap<>(RequestHeaders.ofSubmission(exchange));
            if (headers.keySet().stream().noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("ce-"))) {
                throw new ProblemException(Problem.of(400, "not-a-cloudevent", "Not a CloudEvent",
                        "send application/cloudevents+json, or application/json with ce- headers (binary mode)"));
            }
            // the gate established that the content type is JSON in UTF-8: that is all datacontenttype says
            headers.keySet().removeIf(name -> name.equalsIgnoreCase(CloudEventCodec.Binding.HTTP.contentTypeHeader()));
            headers.put(CloudEventCodec.Binding.HTTP.contentTypeHeader(), CloudEventCodec.JSON);
            result = validator.validate(headers, CloudEventCodec.Binding.HTTP, body);
        }
        if (result instanceof ValidationResult.Invalid invalid) {
            throw new ProblemException(Problem.invalid(invalid));
        }
        var submission = ((ValidationResult.Valid) result).submission();
        String sender = exchange.getProperty(PartnerAuthenticator.SENDER, String.class);
        if (!submission.source().equals(sender)) {
            throw new ProblemException(Problem.of(403, "source-mismatch", "Source does not match the credential",
                    "source must be your own partner id"));
        }
        InboundRecord record = InboundRecord.accept(submission, clock);
        exchange.setProperty(MESSAGE_ID, record.messageId());
        exchange.setProperty(FAMILY_ID, record.familyId());
        exchange.setProperty(KAFKA_HEADERS, record.headers());
        message.setBody(record.value());
    }

    /** The CloudEvents Kafka binding of the accepted record: the envelope's attributes as ce_ headers, nothing else. */
    @SuppressWarnings("unchecked")
    public static void kafkaBinding(Exchange exchange) {
        exchange.getProperty(KAFKA_HEADERS, Map.class).forEach((name, value) ->
                exchange.getMessage().setHeader((String) name, value));
    }
}
