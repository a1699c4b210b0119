package org.kith.connectors.rest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;

/**
 * Establishes the sending partner from its bearer token. The partner id comes from the credential
 * alone, so no partner can publish as another.
 */
public final class BearerAuthenticator implements Processor {

    /** The exchange property that holds the authenticated partner id. */
    public static final String SENDER = "kith.sender";
    private static final String PREFIX = "Bearer ";

    private final PartnerCredentials credentials;

    public BearerAuthenticator(PartnerCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void process(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw unauthorized("missing bearer token");
        }
        String sender = credentials.partnerForToken(authorization.substring(PREFIX.length()).trim())
                .orElseThrow(() -> unauthorized("unknown or revoked token"));
        exchange.setProperty(SENDER, sender);
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(401, "unauthenticated", "Authentication required", detail));
    }
}
