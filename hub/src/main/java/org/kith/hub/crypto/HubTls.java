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
import org.apache.camel.support.jsse.ClientAuthentication;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * The hub's TLS at its edges, built at start from its certificate authority:
 * <ul>
 * <li>{@link #server()}: the HTTP API's HTTPS, with the hub's own certificate (issued anew at each
 * start, see {@link CertificateAuthority#issueHub}); a client certificate is asked for but not
 * required (a partner authenticates by certificate or by token) and must chain to the hub CA.</li>
 * <li>{@link #webhookClient()}: the webhook calls trust the JDK's default authorities and the hub
 * CA (a partner's server may hold a public certificate or one the hub issued), and present the
 * hub's certificate when the hub has one, so a partner can verify that the caller is the hub.</li>
 * <li>{@link #instanceClient()}: one instance calling another trusts the hub CA only and presents
 * nothing: the caller's token goes with the request.</li>
 * </ul>
 * TLS 1.2 and 1.3 only. The identity's key lives in memory only.
 */
public final class HubTls {

    /** How long the hub's own certificate is valid; it is issued anew at each start. */
    public static final Duration IDENTITY_VALIDITY = Duration.ofDays(30);
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
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

    /** For the HTTPS server: the hub's certificate, client certificates asked for (WANT) and checked against the hub CA. */
    public SSLContextParameters server() {
        if (identity.isEmpty()) {
            throw new IllegalStateException("the hub has no certificate of its own: TLS is off");
        }
        SSLContextParameters parameters = parameters(keyStore(List.of(authority)));
        var server = new SSLContextServerParameters();
        server.setClientAuthentication(ClientAuthentication.WANT.name());
        parameters.setServerParameters(server);
        return parameters;
    }

    /** For the webhook calls: the JDK's default authorities and the hub CA trusted, the hub's certificate presented if any. */
    public SSLContextParameters webhookClient() {
        return parameters(keyStore(withDefaultAuthorities()));
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

    private SSLContextParameters parameters(KeyStore trusted) {
        var parameters = new SSLContextParameters();
        parameters.setSecureSocketProtocol("TLS");
        var protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(PROTOCOLS);
        parameters.setSecureSocketProtocols(protocols);
        var trustStore = new KeyStoreParameters();
        trustStore.setKeyStore(trusted);
        var trust = new TrustManagersParameters();
        trust.setKeyStore(trustStore);
        parameters.setTrustManagers(trust);
        if (identity.isPresent()) {
            var keyStore = new KeyStoreParameters();
            keyStore.setKeyStore(identityStore());
            keyStore.setPassword(new String(storePassword));
            var keys = new KeyManagersParameters();
            keys.setKeyStore(keyStore);
            keys.setKeyPassword(new String(storePassword));
            parameters.setKeyManagers(keys);
        }
        return parameters;
    }

    private KeyStore identityStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            if (identity.isPresent()) {
                store.setKeyEntry(ALIAS, identity.get().privateKey(), storePassword,
                        new Certificate[] {identity.get().certificate(), authority});
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not hold the hub's key for TLS", e);
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
