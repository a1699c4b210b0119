package org.kith.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kith.schemas.Json;

/**
 * The request body an {@link ApiOperation} takes: its schema by media type, and whether it may be
 * left out.
 */
public record Body(boolean required, Map<String, JsonNode> content) {

    public Body {
        content = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(content));
        if (content.isEmpty()) {
            throw new IllegalArgumentException("a body has a media type");
        }
    }

    /** A required JSON body of this schema. */
    public static Body json(JsonNode schema) {
        return of("application/json", schema);
    }

    /** A required body of this media type and schema. */
    public static Body of(String mediaType, JsonNode schema) {
        return new Body(true, Map.of(mediaType, schema));
    }

    /** This body, or none. */
    public Body optional() {
        return new Body(false, content);
    }

    /** This body, or one of {@code mediaType} too. */
    public Body or(String mediaType, JsonNode schema) {
        Map<String, JsonNode> all = new LinkedHashMap<>(content);
        all.put(mediaType, schema);
        return new Body(required, all);
    }

    ObjectNode openApi() {
        ObjectNode body = Json.mapper().createObjectNode().put("required", required);
        ObjectNode media = body.putObject("content");
        content.forEach((type, schema) -> media.putObject(type).set("schema", schema.deepCopy()));
        return body;
    }
}
