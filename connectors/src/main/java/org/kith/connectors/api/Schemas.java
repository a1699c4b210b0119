package org.kith.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.kith.schemas.Json;

/** The schemas an {@link ApiOperation} is declared with: JSON Schema 2020-12, as OpenAPI 3.1 reads it. */
public final class Schemas {

    private Schemas() {
    }

    /** A reference to the document's component schema {@code name}. */
    public static ObjectNode ref(String name) {
        return Json.mapper().createObjectNode().put("$ref", "#/components/schemas/" + name);
    }

    /** Any JSON object. */
    public static ObjectNode object() {
        return Json.mapper().createObjectNode().put("type", "object");
    }

    /** Any JSON object, described. */
    public static ObjectNode object(String description) {
        return object().put("description", description);
    }

    /** A string matching {@code pattern}. */
    public static ObjectNode pattern(String pattern) {
        return Json.mapper().createObjectNode().put("type", "string").put("pattern", pattern);
    }

    /** A schema written as JSON (a text block). */
    public static JsonNode json(String schema) {
        try {
            return Json.mapper().readTree(schema);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON schema: " + e.getMessage(), e);
        }
    }
}
