package org.kith.connectors.rest;

import java.time.Clock;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;
import org.kith.schemas.ValidationResult;

/**
 * Turns a request body into the envelope written to the inbound topic: size limit, content type,
 * validation at the door, then a fresh message id and the authenticated sender. The body becomes
 * the envelope JSON and the family id becomes the record key.
 */
final class SubmissionReader implements Processor {

    static final String MESSAGE_ID = "kith.messageId";
    static final String FAMILY_ID = "kith.familyId";

    private final SubmissionValidator validator;
    private final Clock clock;
    private final int maxBytes;

    SubmissionReader(SubmissionValidator validator, Clock clock, int maxBytes) {
        this.validator = validator;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (!contentType.toLowerCase().startsWith("application/json")) {
            throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "send application/json"));
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.of(400, "empty-body", "Empty request", "the request has no body"));
        }
        if (body.length > maxBytes) {
            throw new ProblemException(Problem.of(413, "too-large", "Message too large",
                    "the limit is " + maxBytes + " bytes"));
        }
        ValidationResult result = validator.validate(body);
        if (result instanceof ValidationResult.Invalid invalid) {
            throw new ProblemException(Problem.invalid(invalid.violations()));
        }
        var submission = ((ValidationResult.Valid) result).submission();
        String sender = exchange.getProperty(BearerAuthenticator.SENDER, String.class);
        Envelope envelope = Envelope.accepted(UUID.randomUUID().toString(), sender, clock.instant(), submission);
        exchange.setProperty(MESSAGE_ID, envelope.id());
        exchange.setProperty(FAMILY_ID, envelope.familyid());
        exchange.getMessage().setBody(Json.mapper().writeValueAsString(envelope));
    }
}
