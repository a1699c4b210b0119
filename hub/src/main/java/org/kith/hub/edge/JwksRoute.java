package org.kith.hub.edge;

import org.kith.connectors.api.ApiOperation;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.kith.hub.crypto.Jwks;
import org.kith.hub.crypto.PublicKeys;

/**
 * {@code GET /.well-known/jwks.json}: the hub's public keys (the active one and every retired one,
 * with its retirement time) as a JWKS, public and unauthenticated, so partners can check the hub's
 * signatures on deliveries and auditors its ledger checkpoints. The set is fixed while the hub
 * runs: a key is rotated with {@code kith keys rotate} and a restart.
 */
public final class JwksRoute extends RouteBuilder {

    public static final String PATH = "/.well-known/jwks.json";
    /** RFC 7517 section 8.5. */
    static final String MEDIA_TYPE = "application/jwk-set+json";

    /** The route's input and the operation of the partners' OpenAPI document, declared once. */
    static final ApiOperation OPERATION = ApiOperation.get(PATH).id("getJwks").open()
            .summary("The hub's public keys (active and retired) as a JWKS")
            .description("Public: to check the hub's signatures on deliveries and its ledger checkpoints.")
            .responds(200, Response.of("The key set (RFC 7517)").with(MEDIA_TYPE, Schemas.json("""
                    {"type": "object", "required": ["keys"],
                     "properties": {"keys": {"type": "array", "items": {"type": "object"}}}}""")));

    private final String jwks;

    JwksRoute(PublicKeys keys) {
        this.jwks = Jwks.write(keys);
    }

    @Override
    public void configure() {
        from(OPERATION.uri()).routeId("jwks")
                .removeHeaders("*")
                .setHeader(Exchange.CONTENT_TYPE, constant(MEDIA_TYPE))
                .setHeader("Cache-Control", constant("public, max-age=300"))
                .setBody(constant(jwks)).id("jwks-serve");
    }
}
