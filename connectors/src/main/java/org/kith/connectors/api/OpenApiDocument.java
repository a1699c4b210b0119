package org.kith.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An OpenAPI 3.1 document made of {@link ApiOperation} declarations: each operation under its path
 * (paths in the order first declared), and the named parameters and responses they use written once
 * among the components. A path and method declared twice, or one component name given two
 * different definitions, is a mistake of the declarations and refused.
 */
public final class OpenApiDocument {

    private OpenApiDocument() {
    }

    /**
     * @param frame    {@code openapi}, {@code info}, {@code security} and the component schemas and
     *                 security schemes: what is not an operation (copied, not changed)
     * @param basePath left out of the operation ids made from paths
     */
    public static ObjectNode of(ObjectNode frame, String basePath, List<ApiOperation> operations) {
        ObjectNode document = frame.deepCopy();
        ObjectNode paths = document.putObject("paths");
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        Map<String, JsonNode> responses = new LinkedHashMap<>();
        for (ApiOperation operation : operations) {
            ObjectNode item = paths.has(operation.path()) ? (ObjectNode) paths.get(operation.path())
                    : paths.putObject(operation.path());
            String method = operation.method().toLowerCase(Locale.ROOT);
            if (item.has(method)) {
                throw new IllegalStateException(operation.method() + " " + operation.path() + " is declared twice");
            }
            item.set(method, operation.openApi(basePath));
            operation.allParameters().forEach(p -> p.component().ifPresent(name ->
                    component(parameters, "parameter", name, p.openApi())));
            operation.responses().values().forEach(r -> r.component().ifPresent(name ->
                    component(responses, "response", name, r.openApi())));
        }
        ObjectNode components = document.withObjectProperty("components");
        if (!parameters.isEmpty()) {
            components.putObject("parameters").setAll(parameters);
        }
        if (!responses.isEmpty()) {
            components.putObject("responses").setAll(responses);
        }
        return document;
    }

    private static void component(Map<String, JsonNode> components, String kind, String name, JsonNode definition) {
        JsonNode earlier = components.putIfAbsent(name, definition);
        if (earlier != null && !earlier.equals(definition)) {
            throw new IllegalStateException("two different " + kind + "s are both named " + name);
        }
    }
}
