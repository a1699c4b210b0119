package org.kith.connectors.rest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.schemas.CloudEventCodec;
import org.kith.schemas.MediaType;
import org.kith.schemas.StrictUtf8;

/**
 * The first look at a submission, before its signature is checked or anything is recorded: its
 * {@code Content-Type} must be exactly {@code application/cloudevents+json} (structured mode) or
 * {@code application/json} (binary mode), with any parameters; anything else, a type that merely
 * begins like one of them included, and a missing one, is 415. A {@code charset} parameter may only
 * name UTF-8 (400 {@value StrictUtf8#CHARSET}).
 */
public final class ContentTypeGate implements Processor {

    /** The two HTTP modes of a CloudEvent. */
    public enum Mode { STRUCTURED, BINARY }

    /** Exchange property: the {@link Mode} of the submission. */
    public static final String MODE = "kith.submissionMode";

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(MODE, mode(RequestHeaders.contentType(exchange)));
    }

    /** The mode a {@code Content-Type} value names; a {@link ProblemException} if it names neither. */
    public static Mode mode(String contentType) {
        MediaType type = MediaType.parse(contentType).orElseThrow(ContentTypeGate::unsupported);
        Mode mode;
        if (type.is(CloudEventCodec.STRUCTURED_JSON)) {
            mode = Mode.STRUCTURED;
        } else if (type.is(CloudEventCodec.JSON)) {
            mode = Mode.BINARY;
        } else {
            throw unsupported();
        }
        if (!type.utf8()) {
            throw new ProblemException(Problem.refused(400, StrictUtf8.CHARSET, "Not UTF-8",
                    "the hub reads UTF-8 only: leave the charset parameter out, or make it utf-8"));
        }
        return mode;
    }

    /** The mode {@link #process} established, or the one the exchange's content type names. */
    static Mode of(Exchange exchange) {
        Mode mode = exchange.getProperty(MODE, Mode.class);
        return mode != null ? mode : mode(RequestHeaders.contentType(exchange));
    }

    private static ProblemException unsupported() {
        return new ProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                "send application/cloudevents+json, or application/json with ce- headers"));
    }
}
