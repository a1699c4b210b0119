package org.kith.hub.crypto;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Partner client certificates as the administration API issues and revokes them: the hub CA of the
 * key directory, with each revocation written back to the directory's revocation list and CRL at
 * once. Which certificates are in force is decided by the partner's entry (its serials), which
 * every instance reads from the config topic; the CRL is for partners' own TLS stacks.
 */
public final class PartnerCertificates {

    /** One year: a partner renews yearly, as public TLS certificates are. */
    private static final Duration VALIDITY = Duration.ofDays(365);

    /**
     * An issued certificate in PEM; the private key only when the hub made the key pair (shown once,
     * never kept here).
     */
    public record Issued(BigInteger serial, String certificatePem, Optional<String> privateKeyPem,
                         String authorityPem, Instant notAfter) {
    }

    private final KeyDirectory keys;
    private final char[] passphrase;
    private final Clock clock;
    private CertificateAuthority authority;

    private PartnerCertificates(KeyDirectory keys, char[] passphrase, Clock clock) {
        this.keys = keys;
        this.passphrase = passphrase.clone();
        this.clock = clock;
    }

    /**
     * The authority of the hub's key directory, unlocked with the key passphrase when a certificate is
     * first issued or revoked: a hub that never issues one never holds the CA's private key in memory.
     */
    public static PartnerCertificates open(Path dataDir, char[] passphrase, Clock clock) {
        return new PartnerCertificates(KeyDirectory.in(dataDir), passphrase, clock);
    }

    private synchronized CertificateAuthority authority() {
        if (authority == null) {
            authority = keys.authority(passphrase, clock, new SecureRandom());
        }
        return authority;
    }

    /**
     * A client certificate for the partner: on its own public key (PEM SubjectPublicKeyInfo) when
     * given, so its private key never leaves it; else on a key pair made here.
     *
     * @throws IllegalArgumentException if the public key is not a readable PEM public key
     */
    public Issued issue(String partnerId, Optional<String> publicKeyPem) {
        if (publicKeyPem.isPresent()) {
            X509Certificate certificate = authority().issue(partnerId, publicKey(publicKeyPem.get()), VALIDITY);
            return issued(certificate, Optional.empty());
        }
        CertificateAuthority.PartnerCredential credential = authority().issueWithNewKey(partnerId, VALIDITY);
        return issued(credential.certificate(), Optional.of(privateKeyPem(credential.privateKey())));
    }

    /** Revokes the certificates with these serials and writes the revocation list and CRL. */
    public void revoke(Collection<BigInteger> serials) {
        if (serials.isEmpty()) {
            return;
        }
        CertificateAuthority ca = authority();
        serials.forEach(ca::revoke);
        keys.saveRevocations(ca);
    }

    private Issued issued(X509Certificate certificate, Optional<String> privateKey) {
        try {
            return new Issued(certificate.getSerialNumber(), PemFiles.pem("CERTIFICATE", certificate.getEncoded()),
                    privateKey, PemFiles.pem("CERTIFICATE", authority().certificate().getEncoded()),
                    certificate.getNotAfter().toInstant());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode an issued certificate", e);
        }
    }

    private static PublicKey publicKey(String pem) {
        Object parsed;
        try {
            parsed = PemFiles.parse(pem);
        } catch (KeyFileException e) {
            throw new IllegalArgumentException("the public key is not a PEM document");
        }
        if (!(parsed instanceof SubjectPublicKeyInfo info)) {
            throw new IllegalArgumentException("the PEM document is not a public key (BEGIN PUBLIC KEY)");
        }
        try {
            return new JcaPEMKeyConverter().getPublicKey(info);
        } catch (PEMException e) {
            throw new IllegalArgumentException("the public key's algorithm is not supported");
        }
    }

    private static String privateKeyPem(PrivateKey key) {
        return PemFiles.pem("PRIVATE KEY", key.getEncoded());
    }
}
