package org.kith.hub.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kith.hub.testing.SteppingClock;

/** Partner client certificates from the hub's authority validate with the JDK's own PKIX, and revocation bites. */
class CryptoCertificateAuthorityTest {

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-20T14:00:00Z"));
    private final CertificateAuthority authority = CertificateAuthority.create("Kith test CA", Duration.ofDays(3650),
            clock, new SecureRandom());

    @Test
    void theAuthorityIsASelfSignedP256Ca() throws GeneralSecurityException {
        X509Certificate ca = authority.certificate();
        ca.verify(ca.getPublicKey());
        assertEquals("EC", ca.getPublicKey().getAlgorithm());
        assertEquals("SHA256withECDSA", ca.getSigAlgName());
        assertEquals(0, ca.getBasicConstraints());
        assertTrue(ca.getKeyUsage()[5], "keyCertSign");
    }

    @Test
    void anIssuedCertificateNamesThePartnerAndValidatesAgainstTheAuthority() throws Exception {
        var credential = authority.issueWithNewKey("riverside-clinic", Duration.ofDays(365));
        X509Certificate certificate = credential.certificate();
        certificate.verify(authority.certificate().getPublicKey());
        assertEquals("CN=riverside-clinic,O=Kith partners", certificate.getSubjectX500Principal().getName());
        assertEquals(List.of(List.of(6, "urn:kith:partner:riverside-clinic")), List.copyOf(certificate.getSubjectAlternativeNames()));
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), certificate.getExtendedKeyUsage(), "clientAuth");
        assertEquals(-1, certificate.getBasicConstraints(), "not a CA");
        assertEquals(credential.privateKey().getAlgorithm(), "EC");

        validate(certificate, authority.crl()); // no exception: valid
    }

    @Test
    void aRevokedCertificateFailsValidationWithTheCrl() throws Exception {
        X509Certificate kept = authority.issueWithNewKey("county-cw", Duration.ofDays(365)).certificate();
        X509Certificate revoked = authority.issueWithNewKey("lincoln-elementary", Duration.ofDays(365)).certificate();
        clock.step(Duration.ofHours(1));
        authority.revoke(revoked.getSerialNumber());
        X509CRL crl = authority.crl();
        crl.verify(authority.certificate().getPublicKey());
        clock.step(Duration.ofMinutes(1)); // the JDK counts revocations strictly before the validation time

        assertTrue(crl.isRevoked(revoked));
        assertTrue(!crl.isRevoked(kept));
        validate(kept, crl);
        CertPathValidatorException e = assertThrows(CertPathValidatorException.class, () -> validate(revoked, crl));
        assertEquals(CertPathValidatorException.BasicReason.REVOKED, e.getReason());
    }

    @Test
    void theHubsCertificateServesAndCallsUnderItsNamesAndValidatesAgainstTheAuthority() throws Exception {
        var identity = authority.issueHub(List.of("kith.example.org", "127.0.0.1", "::1"), HubTls.IDENTITY_VALIDITY);
        X509Certificate certificate = identity.certificate();
        certificate.verify(authority.certificate().getPublicKey());
        assertEquals("CN=Kith hub,O=Kith", certificate.getSubjectX500Principal().getName());
        assertEquals(List.of(List.of(2, "kith.example.org"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1")),
                List.copyOf(certificate.getSubjectAlternativeNames()), "DNS name, IP addresses");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), certificate.getExtendedKeyUsage(),
                "serverAuth and clientAuth");
        assertEquals(-1, certificate.getBasicConstraints(), "not a CA");
        assertEquals(HubTls.IDENTITY_VALIDITY.plusMinutes(5),
                Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()));
        assertEquals("EC", identity.privateKey().getAlgorithm());
        validate(certificate, authority.crl());
        assertThrows(IllegalArgumentException.class, () -> authority.issueHub(List.of(), Duration.ofDays(1)));
    }

    @Test
    void aCertificateFromAnotherAuthorityDoesNotValidate() {
        CertificateAuthority other = CertificateAuthority.create("Not Kith", Duration.ofDays(30), clock, new SecureRandom());
        X509Certificate foreign = other.issueWithNewKey("county-cw", Duration.ofDays(30)).certificate();
        assertThrows(CertPathValidatorException.class, () -> validate(foreign, authority.crl()));
    }

    @Test
    void partnerIdsAreChecked() {
        var key = CertificateAuthority.newKeyPair(new SecureRandom()).getPublic();
        assertThrows(IllegalArgumentException.class, () -> authority.issue("County CW", key, Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> authority.issue("a,O=evil", key, Duration.ofDays(1)));
    }

    private void validate(X509Certificate certificate, X509CRL crl) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(authority.certificate(), null)));
        parameters.setDate(Date.from(clock.instant()));
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crl))));
        parameters.setRevocationEnabled(true);
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }
}
