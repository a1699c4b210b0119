package org.kith.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * JSON pointers into a submitted document that echo nothing of it: every member name in them is one
 * the hub's own schemas declare ({@code properties}, {@code required}), so a pointer can name where a
 * rule was broken without repeating a name the sender made up (which may be a person's name). At
 * the first name that is not declared the pointer stops: it points at the object holding it.
 */
public final class SchemaPointers {

    static final String ENVELOPE = "org/kith/schemas/v1/envelope.schema.json";
    static final String CAPACITY = "org/kith/schemas/v1/capacity.schema.json";
    static final String CONSENT_WITHDRAWN = "org/kith/schemas/v1/consent-withdrawn.schema.json";
    static final String HSDS_IMPORT = "org/kith/schemas/v1/hsds-import.schema.json";

    private static final Set<String> DECLARED = declared();

    private SchemaPointers() {
    }

    /** The RFC 6901 pointer of {@code tokens} (member names and array indexes), cut at the first undeclared name. */
    public static String of(List<?> tokens) {
        StringBuilder pointer = new StringBuilder();
        for (Object token : tokens) {
            String text = String.valueOf(token);
            if (!(token instanceof Integer) && !DECLARED.contains(text)) {
                break;
            }
            pointer.append('/').append(text.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    /** Whether a member name is one the hub's schemas declare. */
    public static boolean declared(String name) {
        return DECLARED.contains(name);
    }

    /** Every schema resource the hub validates against. */
    static List<String> resources() {
        List<String> resources = new ArrayList<>(List.of(ENVELOPE, CAPACITY, CONSENT_WITHDRAWN, HSDS_IMPORT));
        for (MessageType type : MessageType.values()) {
            resources.add(type.schemaResource());
        }
        return resources;
    }

    private static Set<String> declared() {
        Set<String> names = new HashSet<>();
        for (String resource : resources()) {
            try (InputStream in = SchemaPointers.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("schema missing from the classpath: " + resource);
                }
                collect(Json.mapper().readTree(in), names);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Set.copyOf(names);
    }

    private static void collect(JsonNode schema, Set<String> names) {
        if (schema.isObject()) {
            if (schema.path("properties").isObject()) {
                schema.get("properties").fieldNames().forEachRemaining(names::add);
            }
            schema.path("required").forEach(name -> names.add(name.asText()));
        }
        schema.forEach(child -> collect(child, names));
    }
}
