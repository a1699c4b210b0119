package org.kith.connectors.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kith.connectors.ProblemException;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.crypto.CertificateAuthority;
import org.kith.hub.crypto.PublicKeys;
import org.kith.hub.testing.SteppingClock;
import org.kith.schemas.PartnerKind;

/**
 * Who a request is from, by the client certificate it presented over TLS and the bearer token it
 * sent: the decision table of {@link PartnerAuthenticator} over the hub's {@link PartnerRegistry}.
 */
class PartnerAuthenticatorTest {

    private static final String AGENCY_TOKEN = "agency-token";
    private static final String CLINIC_TOKEN = "clinic-token";

    private final CertificateAuthority ca = CertificateAuthority.create("Kith test CA", Duration.ofDays(30),
            new SteppingClock(Instant.now()), new SecureRandom());
    private final X509Certificate agency = ca.issueWithNewKey("county-cw", Duration.ofDays(1)).certificate();
    private final X509Certificate unlisted = ca.issueWithNewKey("county-cw", Duration.ofDays(1)).certificate();
    private final X509Certificate clinic = ca.issueWithNewKey("riverside-clinic", Duration.ofDays(1)).certificate();
    private final X509Certificate revoked = ca.issueWithNewKey("old-partner", Duration.ofDays(1)).certificate();
    private final X509Certificate unregistered = ca.issueWithNewKey("nobody", Duration.ofDays(1)).certificate();
    private final X509Certificate hub = ca.issueHub(List.of("localhost"), Duration.ofDays(1)).certificate();

    private final PartnerAuthenticator authenticator = new PartnerAuthenticator(new PartnerRegistry(List.of(
            partner("county-cw", AGENCY_TOKEN, agency, Optional.empty()),
            partner("riverside-clinic", CLINIC_TOKEN, clinic, Optional.empty()),
            // the serial of another partner's certificate: a certificate names its own partner only
            partner("old-partner", null, revoked, Optional.of(Instant.parse("2026-01-01T00:00:00Z"))),
            new Partner("listed-elsewhere", PartnerKind.fromCode("mental-health"), null, null, Optional.empty(),
                    PublicKeys.of(), Optional.empty(), Set.of(serial(unregistered)), Optional.empty(), Optional.empty()))));

    @Test
    void aListedCertificateAloneNamesItsPartner() {
        assertEquals("county-cw", authenticator.sender(Optional.of(agency), Optional.empty()));
        assertEquals("riverside-clinic", authenticator.sender(Optional.of(clinic), Optional.empty()));
    }

    @Test
    void aTokenAloneNamesItsPartnerAsBefore() {
        assertEquals("county-cw", authenticator.sender(Optional.empty(), Optional.of("Bearer " + AGENCY_TOKEN)));
        assertEquals("county-cw", authenticator.sender(Optional.empty(), Optional.of("bearer " + AGENCY_TOKEN)));
    }

    @Test
    void aCertificateAndATokenOfOnePartnerNameIt() {
        assertEquals("county-cw", authenticator.sender(Optional.of(agency), Optional.of("Bearer " + AGENCY_TOKEN)));
    }

    @Test
    void aCertificateAndATokenOfTwoPartnersAreRefused() {
        refused("credentials of two partners", Optional.of(agency), Optional.of("Bearer " + CLINIC_TOKEN));
    }

    @Test
    void aCertificateNotInForceIsRefusedWhateverTheTokenSays() {
        refused("unknown or revoked certificate", Optional.of(unlisted), Optional.empty());
        refused("unknown or revoked certificate", Optional.of(unlisted), Optional.of("Bearer " + AGENCY_TOKEN));
        refused("unknown or revoked certificate", Optional.of(revoked), Optional.empty());
        refused("unknown or revoked certificate", Optional.of(unregistered), Optional.empty());
        refused("unknown or revoked certificate", Optional.of(hub), Optional.empty());
    }

    @Test
    void anUnknownTokenIsRefusedEvenWithAGoodCertificate() {
        refused("unknown or revoked token", Optional.of(agency), Optional.of("Bearer not-a-token"));
        refused("unknown or revoked token", Optional.empty(), Optional.of("Bearer not-a-token"));
    }

    @Test
    void noCredentialIsRefused() {
        refused("missing bearer token", Optional.empty(), Optional.empty());
        refused("missing bearer token", Optional.empty(), Optional.of("Basic dXNlcjpwYXNz"));
    }

    private void refused(String detail, Optional<X509Certificate> certificate, Optional<String> authorization) {
        var e = assertThrows(ProblemException.class, () -> authenticator.sender(certificate, authorization));
        assertEquals(401, e.problem().status());
        assertEquals(detail, e.problem().detail());
    }

    private static Partner partner(String id, String token, X509Certificate certificate, Optional<Instant> revokedAt) {
        return new Partner(id, PartnerKind.fromCode("child-welfare"), null,
                token == null ? null : PartnerRegistry.sha256(token), Optional.<URI>empty(), PublicKeys.of(),
                Optional.empty(), Set.of(serial(certificate)), revokedAt, Optional.empty());
    }

    private static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }
}
