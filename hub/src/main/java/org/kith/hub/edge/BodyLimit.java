package org.kith.hub.edge;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.kith.connectors.Problem;
import org.kith.schemas.Json;

/**
 * The largest request body the hub's HTTP server takes ({@code kith.ingress.max.bytes}), enforced by
 * the Vert.x body handler before any route sees the request: a {@code Content-Length} over it is
 * refused without reading the body, a chunked body as soon as it passes it. The refusal is the
 * same problem document as every other refusal (413 {@code too-large}), not the server's plain
 * text, and the rest of the body is never read: the connection is ended by {@link LingeringClose},
 * so that a client still sending its body receives the answer rather than a reset.
 */
final class BodyLimit {

    private BodyLimit() {
    }

    /** Sets the server's limit; {@link #answerWithProblem} then gives its refusal the hub's form. */
    static void configure(VertxPlatformHttpServerConfiguration http, long maxBytes) {
        http.setMaxBodySize(maxBytes);
    }

    /**
     * The server's 413 becomes the hub's problem JSON, on the router the server binds: installed as
     * the server starts, before any route (whose body handler is what refuses), so no request ever
     * meets the plain refusal.
     */
    static void answerWithProblem(Router router, long maxBytes, LingeringClose closing) {
        String body;
        try {
            body = Json.mapper().writeValueAsString(Problem.tooLarge(maxBytes));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a problem document is always written", e);
        }
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() != 413 || context.response().headWritten()) {
                context.next();
                return;
            }
            closing.close(context.request(), context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(body));
        });
    }
}
