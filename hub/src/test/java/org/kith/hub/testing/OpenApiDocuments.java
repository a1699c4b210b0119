package org.kith.hub.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

/**
 * The check every OpenAPI document the hub serves must pass: swagger-parser reads it, references
 * resolved, without a single message, as version 3.1.0.
 */
public final class OpenApiDocuments {

    private OpenApiDocuments() {
    }

    /** The administration API's document as a hub at {@code server} serves it; nothing behind the routes is needed. */
    public static String admin(String server) {
        var core = new org.kith.hub.admin.CoreViews(null, null, null, null, null, null, null, null, null, null, null);
        return new org.kith.hub.admin.AdminRoutes(null, null, core, null, new org.kith.hub.admin.AdminRoutes.Changes(null,
                null, null, null, null, org.kith.hub.admin.AdminRoutes.PartnerIssuers.NONE), null,
                java.time.Clock.systemUTC(), 1024, null).servedAt(server).document();
    }

    public static void assertValidOpenApi31(String document) {
        var options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readContents(document, null, options);
        assertTrue(result.getMessages().isEmpty(), String.join("\n", result.getMessages()));
        assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
    }
}
