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

    public static void assertValidOpenApi31(String document) {
        var options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readContents(document, null, options);
        assertTrue(result.getMessages().isEmpty(), String.join("\n", result.getMessages()));
        assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
    }
}
