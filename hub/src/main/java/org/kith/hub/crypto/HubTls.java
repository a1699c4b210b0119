package org.kith.hub.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The hub's TLS material at its edges, built at start from its certificate authority (the edges
 * turn it into Camel's parameters; this package stays free of Camel):
 * <ul>
 * <li>the hub's own certificate and key ({@link #identityStore()}, issued anew at each start, see
 * {@link CertificateAuthority#issueHub}), for the HTTPS server, which trusts the hub CA alone for
 * client certificates ({@link #authorityTrustStore()}), and for the webhook calls, so a partner can
 * verify that the caller is the hub;</li>
 * <li>{@link #webhookTrustStore()}: the webhook calls trust the JDK's default authorities and the hub
 * CA (a partner's server may hold a public certificate or one the hub issued);</li>
 * <li>{@link #instanceClient()}: one instance calling another trusts the hub CA only and presents
 * nothing: the caller's token goes with the request.</li>
 * </ul>
 * TLS 1.2 and 1.3 only. The identity's key lives in memory only.
 */
public final class HubTls {

    /** How long the hub's own certificate is valid; it is issued anew at each start. */
    public static final Duration IDENTITY_VALIDITY = Duration.ofDays(30);
    /** The TLS versions the hub speaks. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final String ALIAS = "kith-hub";

    private final X509Certificate authority;
    private final Optional<CertificateAuthority.HubIdentity> identity;
    /** Protects the in-memory key store only; random for each start. */
    private final char[] storePassword;

    private HubTls(X509Certificate authority, Optional<CertificateAuthority.HubIdentity> identity) {
        this.authority = authority;
        this.identity = identity;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.storePassword = java.util.HexFormat.of().formatHex(random).toCharArray();
    }

    /** TLS with the hub's own certificate, issued now by {@code ca} for the DNS names and IP addresses {@code names}. */
    public static HubTls issue(CertificateAuthority ca, List<String> names) {
        return new HubTls(ca.certificate(), Optional.of(ca.issueHub(names, IDENTITY_VALIDITY)));
    }

    /** TLS without an identity of the hub's own: it trusts, it presents nothing (the HTTP API stays plain HTTP). */
    public static HubTls trustOnly(X509Certificate authority) {
        return new HubTls(authority, Optional.empty());
    }

    public X509Certificate authority() {
        return authority;
    }

    /** The hub's own certificate, if it has one (HTTPS on). */
    public Optional<X509Certificate> certificate() {
        return identity.map(CertificateAuthority.HubIdentity::certificate);
    }

    /** What the HTTPS server and the webhook calls present: the hub's key and certificate chain; empty with TLS off. */
    public Optional<KeyStore> identityStore() {
        return identity.map(present -> {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry(ALIAS, present.privateKey(), storePassword,
                        new Certificate[] {present.certificate(), authority});
                return store;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("could not hold the hub's key for TLS", e);
            }
        });
    }

    /** The hub's certificate chain and its unencrypted PKCS#8 key in PEM, for a TLS stack that reads PEM (Kafka's). */
    public record PemIdentity(String certificateChain, String privateKey) {
        @Override
        public String toString() {
            return "PemIdentity[certificateChain, privateKey=***]";
        }
    }

    /** The hub's identity as PEM, if it has one (TLS on): what the broker's partner listener presents. */
    public Optional<PemIdentity> pemIdentity() {
        return identity.map(present -> {
            try {
                return new PemIdentity(PemFiles.pem("CERTIFICATE", present.certificate().getEncoded())
                        + PemFiles.pem("CERTIFICATE", authority.getEncoded()),
                        PemFiles.pem("PRIVATE KEY", present.privateKey().getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("could not encode the hub's certificate", e);
            }
        });
    }

    /** The hub CA's certificate in PEM: what a partner trusts for the hub's TLS. */
    public String authorityPem() {
        try {
            return PemFiles.pem("CERTIFICATE", authority.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encode the hub CA's certificate", e);
        }
    }

    /** The password of {@link #identityStore()}, random for each start; the store lives in memory only. */
    public String identityStorePassword() {
        return new String(storePassword);
    }

    /** What the HTTPS server trusts for client certificates: the hub CA alone. */
    public KeyStore authorityTrustStore() {
        return keyStore(List.of(authority));
    }

    /** What the webhook calls trust: the JDK's default authorities and the hub CA. */
    public KeyStore webhookTrustStore() {
        return keyStore(withDefaultAuthorities());
    }

    /**
     * For one hub instance calling another: the hub CA trusted, nothing presented (the caller's token
     * goes with the request; a certificate of the hub's would stand for no partner there).
     */
    public SSLContext instanceClient() {
        return trusting(authority);
    }

    /** An SSLContext for a client that trusts {@code authority} only and presents nothing. */
    public static SSLContext trusting(X509Certificate authority) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keyStore(List.of(authority)));
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not set up TLS trusting the hub CA", e);
        }
    }

    private List<X509Certificate> withDefaultAuthorities() {
        try {
            var defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            var all = new java.util.ArrayList<X509Certificate>();
            for (var manager : defaults.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    all.addAll(List.of(x509.getAcceptedIssuers()));
                }
            }
            all.add(authority);
            return all;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not read the JDK's default trusted authorities", e);
        }
    }

    private static KeyStore keyStore(List<X509Certificate> trusted) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                store.setCertificateEntry("trusted-" + i, trusted.get(i));
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not build a trust store", e);
        }
    }
}
