package org.kith.hub.edge;

import io.vertx.core.http.HttpHeaders;
import java.io.UncheckedIOException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.kith.connectors.Problem;
import org.kith.schemas.Json;

/**
 * The largest request body the hub's HTTP server takes ({@code kith.ingress.max.bytes}), enforced by
 * the Vert.x body handler before any route sees the request: a {@code Content-Length} over it is
 * refused without reading the body, a chunked body as soon as it passes it. The refusal is the
 * same problem document as every other refusal (413 {@code too-large}), not the server's plain
 * text, and the connection is closed, so the rest of the body is never read.
 */
final class BodyLimit {

    private BodyLimit() {
    }

    /** Sets the server's limit; {@link #answerWithProblem} then gives its refusal the hub's form. */
    static void configure(VertxPlatformHttpServerConfiguration http, long maxBytes) {
        http.setMaxBodySize(maxBytes);
    }

    /**
     * The server's 413 becomes the hub's problem JSON, on the router the server binds when it starts:
     * installed as the context starts, after the server and before any route (whose body handler is
     * what refuses), so no request ever meets the plain refusal.
     */
    static void answerWithProblem(CamelContext camel, VertxPlatformHttpServerConfiguration http, long maxBytes)
            throws Exception {
        camel.addStartupListener((context, alreadyStarted) -> install(context, http, maxBytes));
    }

    private static void install(CamelContext camel, VertxPlatformHttpServerConfiguration http, long maxBytes) {
        String body;
        try {
            body = Json.mapper().writeValueAsString(Problem.tooLarge(maxBytes));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel,
                VertxPlatformHttpRouter.getRouterNameFromPort(http.getPort()));
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() != 413 || context.response().headWritten()) {
                context.next();
                return;
            }
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(body);
        });
    }
}
