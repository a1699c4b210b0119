package org.kith.hub.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;
import org.kith.hub.testing.OpenApiDocuments;
import org.kith.schemas.Json;

/**
 * The administration API's OpenAPI 3.1 document is valid, and says exactly what the routes do:
 * the same operations, each admitting the same roles and held to the caller's agency scope in the
 * same way ({@code x-kith-scope}, which the scope walk of {@code AdminScopeIT} reads), and every
 * other one served to anyone. Both the routes and the document are made from one list of
 * declarations; these tests hold the two products to each other.
 */
class OpenApiTest {

    /** A route's input: its path and the methods it admits. */
    private static final Pattern PLATFORM_HTTP = Pattern.compile("platform-http:([^?]+)\\?httpMethodRestrict=([A-Z,]+)");

    @Test
    void theDocumentIsAValidOpenApi31Document() throws Exception {
        OpenApiDocuments.assertValidOpenApi31(routes().document());
    }

    @Test
    void everyOperationItsRolesAndItsScopeAreDocumentedAndNothingElse() throws Exception {
        JsonNode paths = Json.mapper().readTree(routes().document()).get("paths");
        TreeMap<String, Set<String>> documented = new TreeMap<>();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (!operation.getValue().has("x-kith-roles")) {
                assertTrue(operation.getValue().path("security").isArray() && operation.getValue().get("security").isEmpty(),
                        path.getKey() + ": without roles, an operation is served to anyone and says so");
                return;
            }
            Set<String> roles = new TreeSet<>();
            operation.getValue().get("x-kith-roles").forEach(role -> roles.add(role.asText()));
            roles.add("scope:" + operation.getValue().path("x-kith-scope").asText());
            documented.put(operation.getKey().toUpperCase() + " " + path.getKey(), roles);
        }));
        TreeMap<String, Set<String>> routed = new TreeMap<>();
        for (AdminOperation operation : routes().operations()) {
            Set<String> roles = new TreeSet<>();
            operation.roles().forEach(role -> roles.add(role.code()));
            roles.add("scope:" + operation.scope().code());
            routed.put(operation.method() + " " + operation.path(), roles);
        }
        assertEquals(routed, documented);
    }

    @Test
    void everyRouteTheAdministrationApiServesIsInTheServedDocument() throws Exception {
        Set<String> documented = new TreeSet<>();
        Json.mapper().readTree(routes().document()).get("paths").fields().forEachRemaining(path ->
                path.getValue().fieldNames().forEachRemaining(method ->
                        documented.add(method.toUpperCase() + " " + path.getKey())));
        Set<String> routed = new TreeSet<>();
        try (CamelContext camel = new DefaultCamelContext();
             var refusals = new AccessRefusals(refused -> { }, token -> java.util.Optional.empty(),
                     new org.kith.hub.metrics.HubMetrics(), Clock.systemUTC())) {
            camel.addRoutes(routes(refusals));
            for (RouteDefinition route : ((ModelCamelContext) camel).getRouteDefinitions()) {
                Matcher uri = PLATFORM_HTTP.matcher(route.getInput().getEndpointUri());
                assertTrue(uri.matches(), route.getInput().getEndpointUri());
                for (String method : uri.group(2).split(",")) {
                    routed.add(method + " " + uri.group(1));
                }
            }
        }
        assertEquals(routed, documented);
    }

    @Test
    void aFamilyInThePathIsAlwaysScopeCheckedByThePath() {
        for (AdminOperation operation : routes().operations()) {
            assertEquals(operation.path().contains("{familyId}"), operation.scope() == FamilyScope.FAMILY_PATH,
                    operation.method() + " " + operation.path());
        }
        assertThrows(IllegalArgumentException.class, () -> AdminOperation.get(AdminRoutes.FAMILIES + "/{familyId}/x",
                Set.of(Role.AUDITOR), exchange -> { }).scoped(FamilyScope.NONE), "a family in the path cannot go unchecked");
        assertThrows(IllegalArgumentException.class, () -> AdminOperation.get("/v1/admin/x", Set.of(Role.AUDITOR),
                exchange -> { }).scoped(FamilyScope.FAMILY_PATH), "no family in the path to check");
    }

    /** The routes as the hub builds them; nothing is called, so nothing behind them is needed. */
    private static AdminRoutes routes() {
        return routes(null);
    }

    private static AdminRoutes routes(AccessRefusals refusals) {
        var core = new CoreViews(null, null, null, null, null, null, null, null, null, null, null);
        return new AdminRoutes(null, null, core, null, new AdminRoutes.Changes(null, null, null, null, null, AdminRoutes.PartnerIssuers.NONE), null,
                Clock.systemUTC(), 1024, refusals);
    }
}
