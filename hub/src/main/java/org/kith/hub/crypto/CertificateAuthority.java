package org.kith.hub.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The hub's certificate authority for partner client certificates (mutual TLS at the edges).
 *
 * <p>ECDSA P-256 with SHA-256, not Ed25519: every TLS stack a partner may run (older JDKs,
 * .NET, OpenSSL builds, appliances and their HSMs) accepts P-256 certificates in TLS 1.2 and 1.3,
 * and the JDK's own TLS validates them without Bouncy Castle installed; Ed25519 certificates are
 * accepted by far fewer of them. The ledger and message signatures stay Ed25519 (see
 * {@link SigningKey}); they are not TLS.
 *
 * <p>A partner certificate has subject {@code CN=<partner id>, O=Kith partners}, the subject
 * alternative name {@code URI:urn:kith:partner:<partner id>}, key usage digitalSignature and
 * extended key usage clientAuth; serial numbers are 128 random bits. Revocation: a revoked-serials
 * list from which {@link #crl()} issues a signed X.509 CRL. Certificates and CRLs are returned as
 * the JDK's own types, so they go straight into a {@code TrustManager} or a {@code CertPathValidator}.
 */
public final class CertificateAuthority {

    /** A revoked certificate: its serial number and when it was revoked. */
    public record Revocation(BigInteger serial, Instant revokedAt) {
        public Revocation {
            Objects.requireNonNull(serial);
            Objects.requireNonNull(revokedAt);
        }
    }

    /** A certificate issued with a key pair made here, for a partner without its own key tooling. */
    public record PartnerCredential(X509Certificate certificate, PrivateKey privateKey) {
    }

    /** The hub's own TLS identity: its certificate and the key made for it (never written to disk). */
    public record HubIdentity(X509Certificate certificate, PrivateKey privateKey) {
    }

    /** The prefix of the URI name by which a partner's client certificate names its partner. */
    public static final String PARTNER_URN = "urn:kith:partner:";
    /** The subject of the hub's own TLS certificate. */
    public static final String HUB_NAME = "Kith hub";

    private static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /** Certificates start a little in the past, so a partner whose clock is behind can use them at once. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Clock clock;
    private final SecureRandom random;
    private final List<Revocation> revoked;

    CertificateAuthority(PrivateKey key, X509Certificate certificate, List<Revocation> revoked, Clock clock,
                         SecureRandom random) {
        this.key = key;
        this.certificate = certificate;
        this.revoked = new ArrayList<>(revoked);
        this.clock = clock;
        this.random = random;
    }

    /** A new authority with a self-signed certificate {@code CN=<name>} valid for {@code validity}. */
    public static CertificateAuthority create(String name, Duration validity, Clock clock, SecureRandom random) {
        KeyPair pair = newKeyPair(random);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Kith").addRDN(BCStyle.CN, name).build();
        Instant now = clock.instant();
        try {
            var utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(random),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate certificate = toJdk(builder.build(signer(pair.getPrivate())).getEncoded());
            return new CertificateAuthority(pair.getPrivate(), certificate, List.of(), clock, random);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not create the certificate authority", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    PrivateKey privateKey() {
        return key;
    }

    /** A client certificate for partner {@code partnerId} on the partner's own public key (EC P-256 or other). */
    public X509Certificate issue(String partnerId, PublicKey partnerKey, Duration validity) {
        if (!PARTNER_ID.matcher(partnerId).matches()) {
            throw new IllegalArgumentException("a partner id is lower-case letters, digits and '-'");
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Kith partners")
                .addRDN(BCStyle.CN, partnerId).build();
        Instant now = clock.instant();
        try {
            var utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(random),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, partnerKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                            new GeneralName(GeneralName.uniformResourceIdentifier, PARTNER_URN + partnerId)))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(partnerKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate));
            return toJdk(builder.build(signer(key)).getEncoded());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not issue a certificate", e);
        }
    }

    /** A new EC P-256 key pair and its certificate for partner {@code partnerId}. */
    public PartnerCredential issueWithNewKey(String partnerId, Duration validity) {
        KeyPair pair = newKeyPair(random);
        return new PartnerCredential(issue(partnerId, pair.getPublic(), validity), pair.getPrivate());
    }

    /**
     * The hub's own TLS certificate on a new EC P-256 key: {@code CN=Kith hub}, the subject
     * alternative names {@code names} (an IPv4 or IPv6 literal as an IP address, anything else as a
     * DNS name), extended key usage serverAuth and clientAuth (the hub serves HTTPS and calls
     * webhooks with it), valid for {@code validity}. Made anew at each start, so it is short-lived.
     */
    public HubIdentity issueHub(List<String> names, Duration validity) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the hub's certificate needs at least one name");
        }
        KeyPair pair = newKeyPair(random);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Kith").addRDN(BCStyle.CN, HUB_NAME)
                .build();
        GeneralName[] alternatives = names.stream().map(name -> new GeneralName(
                IP_LITERAL.matcher(name).matches() ? GeneralName.iPAddress : GeneralName.dNSName, name))
                .toArray(GeneralName[]::new);
        Instant now = clock.instant();
        try {
            var utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(random),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate));
            return new HubIdentity(toJdk(builder.build(signer(key)).getEncoded()), pair.getPrivate());
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new IllegalStateException("could not issue the hub's certificate", e);
        }
    }

    /** Revokes the certificate with {@code serial} now; revoking twice keeps the first time. */
    public synchronized void revoke(BigInteger serial) {
        if (!isRevoked(serial)) {
            revoked.add(new Revocation(serial, clock.instant()));
        }
    }

    public synchronized boolean isRevoked(BigInteger serial) {
        return revoked.stream().anyMatch(r -> r.serial().equals(serial));
    }

    public synchronized List<Revocation> revocations() {
        return List.copyOf(revoked);
    }

    /**
     * A CRL of every revocation, issued now, next update in a day; its number is the count of
     * revocations, so a newer list always has a higher number.
     */
    public synchronized X509CRL crl() {
        Instant now = clock.instant();
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), Date.from(now));
            builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
            for (Revocation revocation : revoked) {
                builder.addCRLEntry(revocation.serial(), Date.from(revocation.revokedAt()), CRLReason.unspecified);
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(revoked.size())));
            byte[] der = builder.build(signer(key)).getEncoded();
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not issue the CRL", e);
        }
    }

    static KeyPair newKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has EC P-256", e);
        }
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(128, random).setBit(127); // positive, always 16 bytes
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setProvider(PemFiles.BC).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate toJdk(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
