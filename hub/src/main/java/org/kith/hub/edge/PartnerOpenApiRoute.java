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
 * hub. Its operations are kept beside this class ({@code PartnerOpenApiTest} holds them to the
 * routes the hub builds), completed by {@link ApiDocuments} from the message schemas, the examples
 * and the hub's address.
 */
public final class PartnerOpenApiRoute extends RouteBuilder {

    public static final String PATH = "/v1/openapi.json";
    static final String RESOURCE = "/org/kith/hub/edge/openapi.json";

    private final String document;

    /** @param server the hub's address as the document names it ({@link ApiDocuments#server}) */
    public PartnerOpenApiRoute(String server) {
        this.document = ApiDocuments.partners(server);
    }

    public PartnerOpenApiRoute() {
        this("/");
    }

    @Override
    public void configure() {
        from("platform-http:" + PATH + "?httpMethodRestrict=GET").routeId("partner-openapi")
                .process(exchange -> HttpReply.send(exchange, 200, "application/json", document)).id("partner-openapi-serve");
    }

    /** The operations as stored in the jar, before {@link ApiDocuments} completes them. */
    public static String document() {
        try (InputStream in = PartnerOpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the partners' OpenAPI document is missing from the jar", e);
        }
    }
}
