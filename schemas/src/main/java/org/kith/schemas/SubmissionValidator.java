package org.kith.schemas;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validation at the door, shared by every ingress path: hardened parsing ({@link Json}), the
 * submission schema, then the schema of the message type. Returns every violation found, each with
 * a JSON pointer; never echoes submitted values, since they may be personal data.
 */
public final class SubmissionValidator {

    private static final Set<String> MEMBER_KEYWORDS = Set.of("required", "additionalProperties", "unevaluatedProperties");

    private final Schema submissionSchema;
    private final Map<MessageType, Schema> dataSchemas = new EnumMap<>(MessageType.class);

    public SubmissionValidator() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        submissionSchema = load(registry, "org/kith/schemas/v1/submission.schema.json");
        for (MessageType type : MessageType.values()) {
            dataSchemas.put(type, load(registry, type.schemaResource()));
        }
    }

    public ValidationResult validate(byte[] document) {
        if (document.length > Json.MAX_DOCUMENT_BYTES) {
            return invalid("", "document is larger than " + Json.MAX_DOCUMENT_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(document);
        } catch (StreamConstraintsException e) {
            return invalid("", "document exceeds parsing limits (nesting depth " + Json.MAX_NESTING_DEPTH
                    + ", string length " + Json.MAX_STRING_LENGTH + ")");
        } catch (JsonProcessingException e) {
            return invalid("", "not well-formed JSON" + where(e.getLocation()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || root.isMissingNode()) {
            return invalid("", "empty document");
        }
        return validate(root);
    }

    public ValidationResult validate(JsonNode root) {
        List<Violation> violations = check(submissionSchema, root, "");
        if (!violations.isEmpty()) {
            return new ValidationResult.Invalid(violations);
        }
        String typeName = root.get("type").asText();
        var type = MessageType.fromTypeName(typeName);
        if (type.isEmpty()) {
            return invalid("/type", "unknown message type");
        }
        violations = check(dataSchemas.get(type.get()), root.get("data"), "/data");
        if (!violations.isEmpty()) {
            return new ValidationResult.Invalid(violations);
        }
        try {
            return new ValidationResult.Valid(Json.mapper().treeToValue(root, Submission.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a schema-valid submission did not bind", e);
        }
    }

    private static List<Violation> check(Schema schema, JsonNode node, String base) {
        List<Error> errors = schema.validate(node,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        return errors.stream()
                .map(error -> new Violation(base + pointer(error), error.getMessage()))
                .toList();
    }

    /**
     * RFC 6901 pointer of what a violation is about: the offending member itself for a missing or
     * unexpected property, otherwise the instance location.
     */
    private static String pointer(Error error) {
        StringBuilder pointer = new StringBuilder();
        NodePath path = error.getInstanceLocation();
        for (int i = 0; i < path.getNameCount(); i++) {
            appendToken(pointer, String.valueOf(path.getElement(i)));
        }
        if (error.getProperty() != null && MEMBER_KEYWORDS.contains(error.getKeyword())) {
            appendToken(pointer, error.getProperty());
        }
        return pointer.toString();
    }

    private static void appendToken(StringBuilder pointer, String token) {
        pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
    }

    private static ValidationResult invalid(String pointer, String message) {
        return new ValidationResult.Invalid(List.of(new Violation(pointer, message)));
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static Schema load(SchemaRegistry registry, String resource) {
        try (InputStream in = SubmissionValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema missing from the classpath: " + resource);
            }
            return registry.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
