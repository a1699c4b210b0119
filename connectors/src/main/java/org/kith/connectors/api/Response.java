package org.kith.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kith.schemas.Json;

/**
 * One answer of an {@link ApiOperation}: its description, its bodies by media type and its
 * headers. A named one ({@link #named}) is written once among the document's components.
 *
 * @param content   the body's schema by media type, in declared order; empty for no body
 * @param headers   each header's object ({@code schema}, {@code description}...) by name
 * @param component the name among {@code components/responses}, or empty to write it in place
 */
public record Response(String description, Map<String, JsonNode> content, Map<String, JsonNode> headers,
                       Optional<String> component) {

    public static final String PROBLEM_JSON = "application/problem+json";

    public Response {
        Objects.requireNonNull(description, "description");
        content = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(content));
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** An answer without a body. */
    public static Response of(String description) {
        return new Response(description, Map.of(), Map.of(), Optional.empty());
    }

    /** A JSON answer of this schema. */
    public static Response json(String description, JsonNode schema) {
        return of(description).with("application/json", schema);
    }

    /** A refusal: an RFC 9457 problem document (schema {@code Problem}, which the document's components hold). */
    public static Response problem(String description) {
        return of(description).with(PROBLEM_JSON, Schemas.ref("Problem"));
    }

    /** This answer with a body of {@code mediaType} too. */
    public Response with(String mediaType, JsonNode schema) {
        Map<String, JsonNode> all = new LinkedHashMap<>(content);
        all.put(mediaType, schema);
        return new Response(description, all, headers, component);
    }

    /** This answer with a header, given as its header object. */
    public Response header(String name, JsonNode header) {
        Map<String, JsonNode> all = new LinkedHashMap<>(headers);
        all.put(name, header);
        return new Response(description, content, all, component);
    }

    /** Written once as component {@code component}, referred to where used. */
    public Response named(String component) {
        return new Response(description, content, headers, Optional.of(component));
    }

    /** The response object. */
    public ObjectNode openApi() {
        ObjectNode response = Json.mapper().createObjectNode().put("description", description);
        if (!content.isEmpty()) {
            ObjectNode media = response.putObject("content");
            content.forEach((type, schema) -> media.putObject(type).set("schema", schema.deepCopy()));
        }
        if (!headers.isEmpty()) {
            ObjectNode all = response.putObject("headers");
            headers.forEach((name, header) -> all.set(name, header.deepCopy()));
        }
        return response;
    }

    ObjectNode reference() {
        return component.map(c -> Json.mapper().createObjectNode().put("$ref", "#/components/responses/" + c))
                .orElseGet(this::openApi);
    }
}
