package org.kith.connectors.rest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.schemas.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a refused or failed request with {@code application/problem+json}. A failure that is not
 * a deliberate refusal (the broker did not acknowledge, say) is a 503: the message was not
 * accepted and the sender should retry.
 */
final class ProblemResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Problem problem;
        if (cause instanceof ProblemException refused) {
            problem = refused.problem();
        } else {
            LOG.error("Ingress could not accept message {}: {}",
                    exchange.getProperty(SubmissionReader.MESSAGE_ID), cause == null ? "?" : cause.getClass().getName());
            problem = Problem.of(503, "not-accepted", "Message not accepted",
                    "the hub could not store the message; nothing was accepted, retry later");
        }
        var message = exchange.getMessage();
        message.removeHeaders("*");
        if (problem.status() == 401) {
            message.setHeader("WWW-Authenticate", "Bearer");
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        message.setHeader(Exchange.CONTENT_TYPE, Problem.MEDIA_TYPE);
        message.setBody(Json.mapper().writeValueAsString(problem));
    }
}
