package org.kith.connectors.rest;

import java.util.Optional;

/** Who a presented API token belongs to. The hub supplies it from its partner registry. */
@FunctionalInterface
public interface PartnerCredentials {

    /** The partner id the token was issued to, or empty for an unknown, revoked or malformed token. */
    Optional<String> partnerForToken(String token);
}
