package org.kith.hub.edge;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.LinkedHashSet;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.vertx.common.VertxHelper;
import org.apache.camel.support.jsse.ClientAuthentication;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The HTTP API's server over HTTPS with client certificates asked for. Camel's own server takes the
 * key and trust managers from {@link SSLContextParameters} but neither the client authentication
 * mode nor the protocol versions (Vert.x then never asks for a client certificate); this one applies
 * all three. It serves the routes Camel registered on the server's router, as Camel's does, and
 * supports neither CORS, sessions nor Vert.x authentication handlers (the hub uses none).
 */
final class TlsHttpServer extends VertxPlatformHttpServer {

    private static final long LISTEN_TIMEOUT_S = 30;

    private final VertxPlatformHttpServerConfiguration configuration;
    private volatile HttpServer server;

    TlsHttpServer(VertxPlatformHttpServerConfiguration configuration) {
        super(configuration);
        if (configuration.getSslContextParameters() == null) {
            throw new IllegalArgumentException("an HTTPS server needs its TLS parameters");
        }
        this.configuration = configuration;
    }

    @Override
    protected void startServer() throws Exception {
        SSLContextParameters tls = configuration.getSslContextParameters();
        var options = new HttpServerOptions();
        VertxHelper.setupSSLOptions(getCamelContext(), tls, options);
        options.setClientAuth(clientAuth(tls));
        if (tls.getSecureSocketProtocols() != null) {
            options.setEnabledSecureTransportProtocols(new LinkedHashSet<>(tls.getSecureSocketProtocols().getSecureSocketProtocol()));
        }
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()));
        HttpServer started = getVertx().createHttpServer(options).requestHandler(router);
        server = started.listen(configuration.getBindPort(), configuration.getBindHost()).toCompletionStage()
                .toCompletableFuture().get(LISTEN_TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static ClientAuth clientAuth(SSLContextParameters tls) {
        String mode = tls.getServerParameters() == null ? null : tls.getServerParameters().getClientAuthentication();
        if (mode == null) {
            return ClientAuth.NONE;
        }
        return switch (ClientAuthentication.valueOf(mode)) {
            case NONE -> ClientAuth.NONE;
            case WANT -> ClientAuth.REQUEST;
            case REQUIRE -> ClientAuth.REQUIRED;
        };
    }

    @Override
    protected void stopServer() {
        HttpServer running = server;
        if (running == null) {
            return;
        }
        getCamelContext().removeComponent("platform-http");
        try {
            running.close().toCompletionStage().toCompletableFuture().get(LISTEN_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTPS server did not stop", e);
        } finally {
            server = null;
        }
    }

    /** Closes the Vert.x instance the server made for itself (none was in the registry), as Camel's server does. */
    @Override
    protected void stopVertx() {
        if (getVertx() == null || lookupVertx() != null) {
            return;
        }
        try {
            getVertx().close().toCompletionStage().toCompletableFuture().get(LISTEN_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("Vert.x did not stop", e);
        }
    }

    @Override
    public HttpServer getServer() {
        return server;
    }
}
