package org.kith.hub.edge;

import com.sun.management.UnixOperatingSystemMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.SslChannelProvider;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.vertx.common.VertxHelper;
import org.apache.camel.support.jsse.ClientAuthentication;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.kith.hub.config.HttpLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API's one server, over HTTP or HTTPS, and the door every request comes through: the
 * partners' API, the administration API and the public documents alike. In this order:
 * <ol>
 *   <li>a connection over the total or per-address cap is closed as soon as it is accepted,
 *       before its TLS handshake ({@link ConnectionGuard});</li>
 *   <li>its client then has a deadline for each request's headers and one for its body, and any
 *       connection silent for the idle timeout is closed ({@link RequestDeadlines}, Vert.x's idle
 *       timeout);</li>
 *   <li>each request spends a permit of its address's budget before any route or credential looks
 *       at it ({@link AddressRateLimits});</li>
 *   <li>then the routes Camel registered on the server's router serve it.</li>
 * </ol>
 * The server speaks HTTP/1.1 only (no h2c, no ALPN), so that every connection has the one pipeline
 * the deadlines watch. Every limit is a setting ({@link HttpLimits}); the caps are taken from the
 * configuration once at start, lowered if needed to fit the process's open-file limit
 * ({@link #fitted}).
 *
 * <p>Why not Camel's own server: it applies neither limits nor, over TLS, the client authentication
 * mode and the protocol versions of {@link SSLContextParameters} (Vert.x then never asks for a
 * client certificate); this one applies all of them, serves the same router, and supports neither
 * CORS, sessions nor Vert.x authentication handlers (the hub uses none). The cap is applied in
 * Vert.x's own per-connection initialiser ({@code childHandler}), because the public connection
 * handler runs only after a TLS handshake, too late to spare a descriptor.
 */
final class HttpApiServer extends VertxPlatformHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);
    private static final long LISTEN_TIMEOUT_S = 30;

    private final VertxPlatformHttpServerConfiguration configuration;
    private final HttpLimits limits;
    private final MeterRegistry meters;
    private volatile HttpServer server;

    /**
     * @param configuration Camel's settings of the server: address, port, body size, TLS parameters (if any)
     * @param limits        the door's limits, already {@link #fitted} to the process
     * @param meters        where the door counts what it refused and closed
     */
    HttpApiServer(VertxPlatformHttpServerConfiguration configuration, HttpLimits limits, MeterRegistry meters) {
        super(configuration);
        this.configuration = configuration;
        this.limits = limits;
        this.meters = meters;
    }

    /**
     * The limits as configured, with the total connection cap lowered to a quarter of the process's
     * open-file limit if it is above it (one warning says so), so that the HTTP side can never take
     * the descriptors the embedded broker needs to write its log.
     */
    static HttpLimits fitted(HttpLimits configured) {
        OptionalLong openFiles = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? OptionalLong.of(unix.getMaxFileDescriptorCount()) : OptionalLong.empty();
        if (openFiles.isEmpty()) {
            return configured;
        }
        return configured.fittedTo(openFiles.getAsLong()).map(lowered -> {
            LOG.warn("kith.http.max.connections lowered from {} to {}: the process may open {} files and the HTTP API"
                    + " takes at most a quarter of them (raise the limit with ulimit -n)", configured.maxConnections(),
                    lowered.maxConnections(), openFiles.getAsLong());
            return lowered;
        }).orElse(configured);
    }

    @Override
    protected void startServer() throws Exception {
        var options = new HttpServerOptions()
                .setIdleTimeout(limits.idleTimeoutMs())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setHttp2ClearTextEnabled(false)
                .setUseAlpn(false);
        SSLContextParameters tls = configuration.getSslContextParameters();
        if (tls != null) {
            VertxHelper.setupSSLOptions(getCamelContext(), tls, options);
            options.setClientAuth(clientAuth(tls));
            if (tls.getSecureSocketProtocols() != null) {
                options.setEnabledSecureTransportProtocols(
                        new LinkedHashSet<>(tls.getSecureSocketProtocols().getSecureSocketProtocol()));
            }
            options.setSslHandshakeTimeout(limits.headerTimeoutMs()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        var connections = new ConnectionGuard(limits, meters);
        var deadlines = RequestDeadlines.Meters.of(meters);
        var rates = new AddressRateLimits(limits.addressRateLimit(), Duration.ofMillis(limits.addressRatePeriodMs()), meters);
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()));
        // a request whose connection closed before its body was in (a deadline, or the client gone) fails
        // its route: there is no one to answer, and a flood of them must not become a flood of ERROR lines
        router.route().failureHandler(failed -> {
            if (failed.failure() instanceof HttpClosedException) {
                LOG.debug("A request's connection closed before it was read");
            } else {
                failed.next();
            }
        });
        HttpServer door = new Door((VertxInternal) getVertx(), options, channel -> {
            if (!connections.admit(channel)) {
                return false;
            }
            RequestDeadlines.watch(channel, limits, deadlines);
            return true;
        });
        door.connectionHandler(connection -> RequestDeadlines.watchRequests(
                ((ConnectionBase) connection).channelHandlerContext().pipeline()));
        door.requestHandler(limits.addressRateLimit() > 0 ? rates.before(router) : router);
        server = door.listen(configuration.getBindPort(), configuration.getBindHost()).toCompletionStage()
                .toCompletableFuture().get(LISTEN_TIMEOUT_S, TimeUnit.SECONDS);
        LOG.info("HTTP API on {}:{} ({}): at most {} connections ({} per address), headers in {} ms, bodies in {} ms,"
                        + " idle {} ms, {} requests per {} ms per address", configuration.getBindHost(), server.actualPort(),
                tls == null ? "http" : "https", limits.maxConnections(), limits.maxConnectionsPerAddress(),
                limits.headerTimeoutMs(), limits.bodyTimeoutMs(), limits.idleTimeoutMs(), limits.addressRateLimit(),
                limits.addressRatePeriodMs());
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
            throw new IllegalStateException("the HTTP server did not stop", e);
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

    /**
     * Vert.x's HTTP server, with each accepted connection shown to {@code admit} before Vert.x sets
     * it up (TLS handshake, HTTP codec); a connection it refuses it has already closed.
     */
    private static final class Door extends HttpServerImpl {

        private final Predicate<Channel> admit;

        Door(VertxInternal vertx, HttpServerOptions options, Predicate<Channel> admit) {
            super(vertx, options);
            this.admit = admit;
        }

        @Override
        protected BiConsumer<Channel, SslChannelProvider> childHandler(ContextInternal context, SocketAddress address,
                                                                       GlobalTrafficShapingHandler shaping) {
            BiConsumer<Channel, SslChannelProvider> http = super.childHandler(context, address, shaping);
            return (channel, ssl) -> {
                if (admit.test(channel)) {
                    http.accept(channel, ssl);
                }
            };
        }
    }
}
