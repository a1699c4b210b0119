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
 * HTTP mode: structured ({@code application/cloudevents+json}) or binary ({@code ce-} headers with
 * an {@code application/json} body). Size limit, validation at the door, the source checked against
 * the credential; then a fresh message id. The body becomes the data, the headers the Kafka binding.
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
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, "", String.class).toLowerCase(Locale.ROOT);
        byte[] body = message.getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.of(400, "empty-body", "Empty request", "the request has no body"));
        }
        if (body.length > maxBytes) {
            throw new ProblemException(Problem.of(413, "too-large", "Message too large", "the limit is " + maxBytes + " bytes"));
        }
        ValidationResult result;
        if (contentType.startsWith(CloudEventCodec.STRUCTURED_JSON)) {
            result = validator.validate(body);
        } else if (contentType.startsWith(CloudEventCodec.JSON)) {
            Map<String, String> headers = new LinkedHashMap<>();
            message.getHeaders().forEach((name, value) -> headers.put(name, String.valueOf(value)));
            if (headers.keySet().stream().noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("ce-"))) {
                throw new ProblemException(Problem.of(400, "not-a-cloudevent", "Not a CloudEvent",
                        "send application/cloudevents+json, or application/json with ce- headers (binary mode)"));
            }
            result = validator.validate(headers, CloudEventCodec.Binding.HTTP, body);
        } else {
            throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "send application/cloudevents+json, or application/json with ce- headers"));
        }
        if (result instanceof ValidationResult.Invalid invalid) {
            throw new ProblemException(Problem.invalid(invalid.violations()));
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
