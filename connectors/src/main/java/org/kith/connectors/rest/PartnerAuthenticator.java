package org.kith.connectors.rest;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;

/**
 * Establishes the calling partner from its credential: the client certificate it presented over
 * TLS (the TLS layer already checked that the hub CA issued it), else its bearer token. The partner
 * id comes from the credential alone, so no partner can publish as another. A caller presenting
 * both must present two credentials of the same partner.
 */
public final class PartnerAuthenticator implements Processor {

    /** The exchange property that holds the authenticated partner id. */
    public static final String SENDER = "kith.sender";
    private static final String PREFIX = "Bearer ";

    private final PartnerCredentials credentials;

    public PartnerAuthenticator(PartnerCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void process(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        exchange.setProperty(SENDER, sender(peerCertificate(exchange), Optional.ofNullable(authorization)));
    }

    /** The partner that a client certificate (if any) and an {@code Authorization} header (if any) establish. */
    String sender(Optional<X509Certificate> certificate, Optional<String> authorization) {
        Optional<String> byToken = authorization.filter(value -> value.regionMatches(true, 0, PREFIX, 0, PREFIX.length()))
                .map(value -> credentials.partnerForToken(value.substring(PREFIX.length()).trim())
                        .orElseThrow(() -> unauthorized("unknown or revoked token")));
        if (certificate.isEmpty()) {
            return byToken.orElseThrow(() -> unauthorized("missing bearer token"));
        }
        String byCertificate = credentials.partnerForCertificate(certificate.get())
                .orElseThrow(() -> unauthorized("unknown or revoked certificate"));
        if (byToken.isPresent() && !byToken.get().equals(byCertificate)) {
            throw unauthorized("credentials of two partners");
        }
        return byCertificate;
    }

    /** The client certificate the caller presented over TLS: empty over plain HTTP or when it presented none. */
    static Optional<X509Certificate> peerCertificate(Exchange exchange) {
        if (!(exchange.getMessage() instanceof HttpMessage http)) {
            return Optional.empty();
        }
        SSLSession session = http.getRequest().sslSession();
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? Optional.of(x509) : Optional.empty();
        } catch (SSLPeerUnverifiedException none) {
            return Optional.empty();
        }
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(401, "unauthenticated", "Authentication required", detail));
    }
}
