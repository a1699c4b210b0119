package org.kith.hub.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.builder.RouteBuilder;
import org.kith.connectors.HttpReply;

/**
 * {@code GET /v1/openapi.json}: the OpenAPI 3.1 document of the partners' API, served to anyone (it
 * describes, it discloses nothing), so a partner can generate a client or check its own against the
 * hub. The document is kept by hand beside this class; {@code PartnerOpenApiTest} holds it to the
 * routes the hub builds.
 */
public final class PartnerOpenApiRoute extends RouteBuilder {

    public static final String PATH = "/v1/openapi.json";
    static final String RESOURCE = "/org/kith/hub/edge/openapi.json";

    private final String document = document();

    @Override
    public void configure() {
        from("platform-http:" + PATH + "?httpMethodRestrict=GET").routeId("partner-openapi")
                .process(exchange -> HttpReply.send(exchange, 200, "application/json", document)).id("partner-openapi-serve");
    }

    /** The document as stored in the jar. */
    public static String document() {
        try (InputStream in = PartnerOpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the partners' OpenAPI document is missing from the jar", e);
        }
    }
}
