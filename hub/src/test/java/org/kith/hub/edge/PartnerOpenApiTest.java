package org.kith.hub.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;
import org.kith.hub.admin.AccessRefusals;
import org.kith.hub.metrics.HubMetrics;
import org.kith.connectors.rest.PartnerRateLimits;
import org.kith.connectors.rest.RestIngressRoutes;
import org.kith.hub.crypto.PublicKeys;
import org.kith.hub.testing.OpenApiDocuments;
import org.kith.schemas.Json;

/**
 * The partners' API's OpenAPI 3.1 document is valid, and documents exactly the operations the
 * partner-facing routes serve (the FHIR edge included): every path and method, nothing more,
 * nothing less. Both are made from the same declarations; this holds the two products to each other.
 */
class PartnerOpenApiTest {

    /** A route's input: its path and the methods it admits. */
    private static final Pattern PLATFORM_HTTP = Pattern.compile("platform-http:([^?]+)\\?httpMethodRestrict=([A-Z,]+)");

    @Test
    void theDocumentIsAValidOpenApi31Document() {
        OpenApiDocuments.assertValidOpenApi31(ApiDocuments.partners("/"));
    }

    @Test
    void everyPartnerRouteIsDocumentedAndNothingElse() throws Exception {
        Set<String> documented = new TreeSet<>();
        Json.mapper().readTree(ApiDocuments.partners("/")).get("paths").fields().forEachRemaining(path ->
                path.getValue().fieldNames().forEachRemaining(method ->
                        documented.add(method.toUpperCase() + " " + path.getKey())));
        assertEquals(routed(), documented);
    }

    @Test
    void everyAuthenticatedOperationDocumentsTheRateLimit() throws Exception {
        JsonNode paths = Json.mapper().readTree(ApiDocuments.partners("/")).get("paths");
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            JsonNode security = operation.getValue().get("security");
            boolean isPublic = security != null && security.isEmpty();
            assertEquals(!isPublic, operation.getValue().get("responses").has("429"), path.getKey());
        }));
    }

    /** "METHOD /path" of every partner-facing route, as the hub builds them; nothing is called, nothing started. */
    private static Set<String> routed() throws Exception {
        Set<String> operations = new TreeSet<>();
        try (CamelContext camel = new DefaultCamelContext();
             var refusals = new AccessRefusals(refused -> { }, token -> Optional.empty(), new HubMetrics(), Clock.systemUTC())) {
            var limits = new PartnerRateLimits(1, Duration.ofSeconds(1), () -> 1);
            camel.addRoutes(new RestIngressRoutes(null, limits, null, null, "mock:inbound", Clock.systemUTC(), 1024));
            camel.addRoutes(new ReferralRoutes(null, limits, null, null, null, "mock:config", Clock.systemUTC(), 1024,
                    refusals));
            camel.addRoutes(new FamilyLimitRoutes(null, limits, null, null, null, Clock.systemUTC(), 1024));
            camel.addRoutes(new FhirRoutes(null, limits, null, null, null, "mock:inbound", Clock.systemUTC(), 1024,
                    exchange -> { }, refusals));
            camel.addRoutes(new JwksRoute(PublicKeys.of()));
            camel.addRoutes(new PartnerOpenApiRoute());
            for (RouteDefinition route : ((ModelCamelContext) camel).getRouteDefinitions()) {
                Matcher uri = PLATFORM_HTTP.matcher(route.getInput().getEndpointUri());
                assertTrue(uri.matches(), route.getInput().getEndpointUri());
                for (String method : uri.group(2).split(",")) {
                    operations.add(method + " " + uri.group(1));
                }
            }
        }
        return operations;
    }
}
