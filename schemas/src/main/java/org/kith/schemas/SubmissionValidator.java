package org.kith.schemas;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validation at the door, shared by every ingress path: hardened parsing ({@link Json}), the
 * CloudEvents envelope schema, the purposes the type allows, then the schema of the message type. Returns every violation found, each with
 * a JSON pointer; never echoes submitted values, since they may be personal data.
 */
public final class SubmissionValidator {

    private static final Set<String> MEMBER_KEYWORDS = Set.of("required", "additionalProperties", "unevaluatedProperties");

    private final Schema envelopeSchema;
    private final Schema capacitySchema;
    private final Map<MessageType, Schema> dataSchemas = new EnumMap<>(MessageType.class);

    public SubmissionValidator() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        envelopeSchema = load(registry, "org/kith/schemas/v1/envelope.schema.json");
        capacitySchema = load(registry, "org/kith/schemas/v1/capacity.schema.json");
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

    /**
     * Validates a binary-mode submission: the CloudEvents attributes from protocol headers and the
     * data from the body, checked exactly as the structured document they describe.
     */
    public ValidationResult validate(Map<String, String> headers, CloudEventCodec.Binding binding, byte[] body) {
        if (body.length > Json.MAX_DOCUMENT_BYTES) {
            return invalid("/data", "document is larger than " + Json.MAX_DOCUMENT_BYTES + " bytes");
        }
        JsonNode data;
        try {
            data = Json.mapper().readTree(body);
        } catch (StreamConstraintsException e) {
            return invalid("/data", "document exceeds parsing limits");
        } catch (JsonProcessingException e) {
            return invalid("/data", "not well-formed JSON" + where(e.getLocation()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return validate(CloudEventCodec.structured(headers, binding, data == null ? MissingNode.getInstance() : data));
    }

    /**
     * Checks the data of an envelope the hub already holds (from its own topics, or replayed): the
     * purpose must be one the type serves and the data must satisfy the type's schema.
     */
    public List<Violation> validateData(MessageType type, Purpose purpose, JsonNode data) {
        List<Violation> found = new ArrayList<>();
        if (!Contracts.get().of(type).purposes().contains(purpose)) {
            found.add(new Violation("/purpose", "purpose not allowed for this message type"));
        }
        found.addAll(check(dataSchemas.get(type), data, "/data"));
        return found;
    }

    /**
     * Checks a provider's capacity report ({@code capacity.schema.json}): not a message about a
     * family, so it has no envelope. Parse it with {@link Json#mapper()} first; the limits apply.
     */
    public List<Violation> validateCapacity(JsonNode report) {
        return check(capacitySchema, report, "");
    }

    /** Validates a structured-mode CloudEvent document: the envelope, then the data against its type. */
    public ValidationResult validate(JsonNode root) {
        List<Violation> violations = check(envelopeSchema, root, "");
        if (!violations.isEmpty()) {
            return new ValidationResult.Invalid(violations);
        }
        var type = MessageType.fromTypeName(root.get("type").asText());
        if (type.isEmpty()) {
            return invalid("/type", "unknown message type");
        }
        MessageContract contract = Contracts.get().of(type.get());
        Purpose purpose = Purpose.fromCode(root.get("purpose").asText()).orElseThrow();
        List<Violation> found = new ArrayList<>();
        if (!contract.purposes().contains(purpose)) {
            found.add(new Violation("/purpose", "purpose not allowed for this message type; allowed: "
                    + contract.purposes().stream().map(Purpose::code).sorted().toList()));
        }
        if (root.has("dataschema") && !root.get("dataschema").asText().equals(type.get().schemaUri().toString())) {
            found.add(new Violation("/dataschema", "must be " + type.get().schemaUri() + " or absent"));
        }
        Optional<OffsetDateTime> time = Optional.empty();
        if (root.has("time")) {
            try {
                time = Optional.of(OffsetDateTime.parse(root.get("time").asText()));
            } catch (java.time.format.DateTimeParseException e) {
                found.add(new Violation("/time", "not an RFC 3339 date-time with offset"));
            }
        }
        found.addAll(check(dataSchemas.get(type.get()), root.get("data"), "/data"));
        if (!found.isEmpty()) {
            return new ValidationResult.Invalid(found);
        }
        return new ValidationResult.Valid(new Submission(
                root.get("id").asText(),
                root.get("source").asText(),
                type.get(),
                Optional.ofNullable(root.get("subject")).map(JsonNode::asText),
                time,
                root.get("familyid").asText(),
                purpose,
                root.has("recipients") ? List.of(root.get("recipients").asText().split(",")) : List.of(),
                root.get("data")));
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
