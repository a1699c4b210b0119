package org.kith.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.kith.schemas.Json;

/**
 * A parameter of an {@link ApiOperation}: in the path, the query or a header. A named one
 * ({@link #named}) is written once among the document's components and referred to by each
 * operation that takes it.
 *
 * @param description empty for none
 * @param component   the name among {@code components/parameters}, or empty to write it in place
 */
public record Parameter(String name, String in, boolean required, String description, JsonNode schema,
                        Optional<String> component) {

    private static final Set<String> PLACES = Set.of("path", "query", "header");

    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        if (!PLACES.contains(in) || ("path".equals(in) && !required)) {
            throw new IllegalArgumentException("parameter " + name + " in " + in + (required ? "" : ", optional"));
        }
    }

    public static Parameter path(String name, JsonNode schema) {
        return new Parameter(name, "path", true, "", schema, Optional.empty());
    }

    /** An optional query parameter. */
    public static Parameter query(String name, JsonNode schema) {
        return new Parameter(name, "query", false, "", schema, Optional.empty());
    }

    public static Parameter header(String name, boolean required, JsonNode schema) {
        return new Parameter(name, "header", required, "", schema, Optional.empty());
    }

    public Parameter description(String description) {
        return new Parameter(name, in, required, description, schema, component);
    }

    /** Written once as component {@code component}, referred to where used. */
    public Parameter named(String component) {
        return new Parameter(name, in, required, description, schema, Optional.of(component));
    }

    /** The parameter object. */
    public ObjectNode openApi() {
        ObjectNode parameter = Json.mapper().createObjectNode().put("name", name).put("in", in).put("required", required);
        if (!description.isEmpty()) {
            parameter.put("description", description);
        }
        parameter.set("schema", schema.deepCopy());
        return parameter;
    }

    /** What an operation writes: a reference to the component, or the parameter object itself. */
    ObjectNode reference() {
        return component.map(c -> Json.mapper().createObjectNode().put("$ref", "#/components/parameters/" + c))
                .orElseGet(this::openApi);
    }
}
