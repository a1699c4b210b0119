package org.kith.hub.edge;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.kith.connectors.HttpReply;
import org.kith.connectors.api.ApiOperation;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
import org.kith.connectors.rest.RestIngressRoutes;

/**
 * {@code GET /v1/openapi.json}: the OpenAPI 3.1 document of the partners' API, served to anyone (it
 * describes, it discloses nothing), so a partner can generate a client or check its own against the
 * hub. Its operations are those the partner-facing routes are built from ({@link #operations()}),
 * completed by {@link ApiDocuments} from the message schemas, the examples and the hub's address.
 */
public final class PartnerOpenApiRoute extends RouteBuilder {

    public static final String PATH = "/v1/openapi.json";
    static final ApiOperation OPERATION = ApiOperation.get(PATH).id("getPartnerOpenApi").open()
            .summary("This document")
            .responds(200, Response.json("The OpenAPI 3.1 document of the partners' API", Schemas.object()));

    private final String document;

    /** @param server the hub's address as the document names it ({@link ApiDocuments#server}) */
    public PartnerOpenApiRoute(String server) {
        this.document = ApiDocuments.partners(server);
    }

    public PartnerOpenApiRoute() {
        this("/");
    }

    /** Every operation of the partners' API, each the declaration its route is built from. */
    public static List<ApiOperation> operations() {
        List<ApiOperation> operations = new ArrayList<>();
        operations.add(RestIngressRoutes.OPERATION);
        operations.addAll(ReferralRoutes.OPERATIONS);
        operations.add(FamilyLimitRoutes.OPERATION);
        operations.addAll(FhirRoutes.OPERATIONS);
        operations.add(JwksRoute.OPERATION);
        operations.add(OPERATION);
        return List.copyOf(operations);
    }

    @Override
    public void configure() {
        from(OPERATION.uri()).routeId("partner-openapi")
                .process(exchange -> HttpReply.send(exchange, 200, "application/json", document)).id("partner-openapi-serve");
    }
}
