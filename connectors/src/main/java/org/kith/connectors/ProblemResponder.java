package org.kith.connectors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.kith.schemas.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a refused or failed request with {@code application/problem+json}: a deliberate refusal
 * ({@link ProblemException}) with its problem, any other failure with the route's fallback problem
 * (for the ingress a 503: the message was not accepted and the sender should retry). The failure
 * is logged by route and exception type, never with request data.
 */
public final class ProblemResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);

    private final Problem fallback;

    public ProblemResponder(Problem fallback) {
        this.fallback = fallback;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Problem problem;
        var message = exchange.getMessage();
        message.removeHeaders("*");
        if (cause instanceof ProblemException refused) {
            problem = refused.problem();
            refused.retryAfter().ifPresent(seconds -> message.setHeader("Retry-After", Long.toString(seconds)));
        } else {
            LOG.error("Route {} failed on exchange {}: {}", exchange.getFromRouteId(), exchange.getExchangeId(),
                    cause == null ? "?" : cause.getClass().getName());
            problem = fallback;
        }
        if (problem.status() == 401) {
            message.setHeader("WWW-Authenticate", "Bearer");
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        message.setHeader(Exchange.CONTENT_TYPE, Problem.MEDIA_TYPE);
        message.setBody(Json.mapper().writeValueAsString(problem));
    }
}
