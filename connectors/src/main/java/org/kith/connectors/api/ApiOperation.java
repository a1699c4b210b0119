package org.kith.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.kith.schemas.Json;

/**
 * One operation of an HTTP API, declared once: the Camel route's input ({@link #uri()}) and the
 * operation of the served OpenAPI 3.1 document ({@link #openApi()}, assembled by
 * {@link OpenApiDocument}) are both built from it, so the document can neither describe a route
 * that is not there nor miss one that is. Immutable: each {@code with}-style method returns a new
 * declaration.
 *
 * @param operationId  the OpenAPI operation id; empty: made from the method and the path
 * @param description  the longer text beside the summary; empty for none
 * @param parameters   the declared parameters; a path parameter left out is declared as a plain string
 * @param responses    by status code ({@code "200"}, {@code "4XX"}, {@code "default"}), in declared order
 * @param openToAnyone served to anyone ({@code security: []}) rather than under the document's security
 * @param extensions   {@code x-}members of the operation (e.g. the roles it admits)
 */
public record ApiOperation(String method, String path, String operationId, String summary, String description,
                           List<Parameter> parameters, Optional<Body> body, Map<String, Response> responses,
                           boolean openToAnyone, Map<String, JsonNode> extensions) {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "PATCH");

    public ApiOperation {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (!METHODS.contains(method) || !path.startsWith("/")) {
            throw new IllegalArgumentException("not an operation: " + method + " " + path);
        }
        parameters = List.copyOf(parameters);
        responses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(responses));
        extensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        extensions.keySet().forEach(name -> {
            if (!name.startsWith("x-")) {
                throw new IllegalArgumentException("an extension's name begins with x-: " + name);
            }
        });
    }

    public static ApiOperation get(String path) {
        return of("GET", path);
    }

    public static ApiOperation put(String path) {
        return of("PUT", path);
    }

    public static ApiOperation post(String path) {
        return of("POST", path);
    }

    public static ApiOperation delete(String path) {
        return of("DELETE", path);
    }

    public static ApiOperation of(String method, String path) {
        return new ApiOperation(method, path, "", "", "", List.of(), Optional.empty(), Map.of(), false, Map.of());
    }

    /** The Camel input of a route serving this operation alone. */
    public String uri() {
        return uri(path, List.of(method));
    }

    /** The Camel input of one route serving several methods of one path (told apart by the route itself). */
    public static String uri(String path, Collection<String> methods) {
        return "platform-http:" + path + "?httpMethodRestrict=" + String.join(",", methods);
    }

    public ApiOperation id(String operationId) {
        return new ApiOperation(method, path, operationId, summary, description, parameters, body, responses, openToAnyone,
                extensions);
    }

    public ApiOperation summary(String summary) {
        return new ApiOperation(method, path, operationId, summary, description, parameters, body, responses, openToAnyone,
                extensions);
    }

    public ApiOperation description(String description) {
        return new ApiOperation(method, path, operationId, summary, description, parameters, body, responses, openToAnyone,
                extensions);
    }

    /** These parameters besides those declared (a path parameter declared here replaces the plain one). */
    public ApiOperation parameter(Parameter... more) {
        List<Parameter> all = new ArrayList<>(parameters);
        for (Parameter parameter : more) {
            if (all.stream().anyMatch(p -> p.name().equals(parameter.name()) && p.in().equals(parameter.in()))) {
                throw new IllegalArgumentException(method + " " + path + ": parameter " + parameter.name()
                        + " declared twice");
            }
            all.add(parameter);
        }
        return new ApiOperation(method, path, operationId, summary, description, all, body, responses, openToAnyone,
                extensions);
    }

    public ApiOperation body(Body body) {
        return new ApiOperation(method, path, operationId, summary, description, parameters, Optional.of(body),
                responses, openToAnyone, extensions);
    }

    /** The answer with this status; declared again, it replaces the earlier one. */
    public ApiOperation responds(int status, Response response) {
        return responds(Integer.toString(status), response);
    }

    /** The answer with this status ({@code "2XX"}, {@code "default"}...); declared again, it replaces the earlier one. */
    public ApiOperation responds(String status, Response response) {
        Map<String, Response> all = new LinkedHashMap<>(responses);
        all.put(status, response);
        return new ApiOperation(method, path, operationId, summary, description, parameters, body, all, openToAnyone,
                extensions);
    }

    /** These answers, each where no answer with its status is declared yet. */
    public ApiOperation respondsUnlessDeclared(Map<String, Response> defaults) {
        Map<String, Response> all = new LinkedHashMap<>(responses);
        defaults.forEach(all::putIfAbsent);
        return new ApiOperation(method, path, operationId, summary, description, parameters, body, all, openToAnyone,
                extensions);
    }

    /** Served to anyone: no credential asked for ({@code security: []}). */
    public ApiOperation open() {
        return new ApiOperation(method, path, operationId, summary, description, parameters, body, responses, true,
                extensions);
    }

    public ApiOperation extension(String name, JsonNode value) {
        Map<String, JsonNode> all = new LinkedHashMap<>(extensions);
        all.put(name, value);
        return new ApiOperation(method, path, operationId, summary, description, parameters, body, responses, openToAnyone,
                all);
    }

    /** The names in the path template, in order ({@code /v1/referrals/{familyId}/{referralId}}: familyId, referralId). */
    public List<String> pathParameters() {
        List<String> names = new ArrayList<>();
        Matcher matcher = PATH_PARAMETER.matcher(path);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The declared parameters, and each path parameter the declaration leaves out as a plain string. */
    public List<Parameter> allParameters() {
        List<Parameter> all = new ArrayList<>();
        for (String name : pathParameters()) {
            all.add(parameters.stream().filter(p -> p.in().equals("path") && p.name().equals(name)).findFirst()
                    .orElseGet(() -> Parameter.path(name, Schemas.json("{\"type\": \"string\"}"))));
        }
        parameters.stream().filter(p -> !p.in().equals("path")).forEach(all::add);
        Set<String> declaredPath = parameters.stream().filter(p -> p.in().equals("path")).map(Parameter::name)
                .collect(Collectors.toCollection(TreeSet::new));
        declaredPath.removeAll(pathParameters());
        if (!declaredPath.isEmpty()) {
            throw new IllegalStateException(method + " " + path + " declares path parameters not in its path: "
                    + declaredPath);
        }
        return all;
    }

    /** The operation id as the document gives it: the declared one, else e.g. {@code getFamiliesFamilyidAccounting}. */
    public String documentedId(String basePath) {
        if (!operationId.isEmpty()) {
            return operationId;
        }
        String rest = path.startsWith(basePath) ? path.substring(basePath.length()) : path;
        return method.toLowerCase(Locale.ROOT) + Arrays.stream(rest.replaceAll("[{}.]", "").split("[/-]"))
                .filter(word -> !word.isEmpty())
                .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining());
    }

    /**
     * The OpenAPI operation object; a named parameter or response as a {@code $ref} to its component
     * ({@link OpenApiDocument} writes the components).
     *
     * @param basePath left out of a made operation id ({@code /v1/admin})
     */
    public ObjectNode openApi(String basePath) {
        if (responses.isEmpty()) {
            throw new IllegalStateException(method + " " + path + " declares no response");
        }
        ObjectNode operation = Json.mapper().createObjectNode();
        if (!summary.isEmpty()) {
            operation.put("summary", summary);
        }
        if (!description.isEmpty()) {
            operation.put("description", description);
        }
        operation.put("operationId", documentedId(basePath));
        if (openToAnyone) {
            operation.putArray("security");
        }
        extensions.forEach((name, value) -> operation.set(name, value.deepCopy()));
        List<Parameter> all = allParameters();
        if (!all.isEmpty()) {
            var array = operation.putArray("parameters");
            all.forEach(parameter -> array.add(parameter.reference()));
        }
        body.ifPresent(b -> operation.set("requestBody", b.openApi()));
        ObjectNode answers = operation.putObject("responses");
        responses.forEach((status, response) -> answers.set(status, response.reference()));
        return operation;
    }
}
