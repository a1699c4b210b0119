package org.kith.connectors.rest;

import java.security.cert.X509Certificate;
import java.util.Optional;

/** Who a presented credential belongs to. The hub supplies it from its partner registry. */
public interface PartnerCredentials {

    /** The partner id the token was issued to, or empty for an unknown, revoked or malformed token. */
    Optional<String> partnerForToken(String token);

    /**
     * The partner a client certificate names, or empty unless the partner is registered, not revoked
     * and holds a certificate of this serial number. The TLS layer already checked that the hub CA
     * issued it and that it is in its validity period.
     */
    Optional<String> partnerForCertificate(X509Certificate certificate);
}
