package org.kith.hub.edge;

import java.security.KeyStore;
import org.apache.camel.support.jsse.ClientAuthentication;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.kith.hub.crypto.HubTls;

/** The hub's TLS material ({@link HubTls}) as Camel's parameters, for the HTTPS server and the webhook calls. */
final class TlsParameters {

    private TlsParameters() {
    }

    /**
     * The HTTPS server: the hub's certificate, client certificates asked for but not required (a
     * partner authenticates by certificate or by token; {@link HttpApiServer} applies the mode), a
     * presented one checked against the hub CA alone.
     */
    static SSLContextParameters server(HubTls tls) {
        if (tls.identityStore().isEmpty()) {
            throw new IllegalStateException("the hub has no certificate of its own: TLS is off");
        }
        SSLContextParameters parameters = parameters(tls, tls.authorityTrustStore());
        var server = new SSLContextServerParameters();
        server.setClientAuthentication(ClientAuthentication.WANT.name());
        parameters.setServerParameters(server);
        return parameters;
    }

    /** The webhook calls: the JDK's default authorities and the hub CA trusted, the hub's certificate presented if it has one. */
    static SSLContextParameters webhookClient(HubTls tls) {
        return parameters(tls, tls.webhookTrustStore());
    }

    private static SSLContextParameters parameters(HubTls tls, KeyStore trusted) {
        var parameters = new SSLContextParameters();
        parameters.setSecureSocketProtocol("TLS");
        var protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(HubTls.PROTOCOLS);
        parameters.setSecureSocketProtocols(protocols);
        var trustStore = new KeyStoreParameters();
        trustStore.setKeyStore(trusted);
        var trust = new TrustManagersParameters();
        trust.setKeyStore(trustStore);
        parameters.setTrustManagers(trust);
        tls.identityStore().ifPresent(identity -> {
            var keyStore = new KeyStoreParameters();
            keyStore.setKeyStore(identity);
            keyStore.setPassword(tls.identityStorePassword());
            var keys = new KeyManagersParameters();
            keys.setKeyStore(keyStore);
            keys.setKeyPassword(tls.identityStorePassword());
            parameters.setKeyManagers(keys);
        });
        return parameters;
    }
}
