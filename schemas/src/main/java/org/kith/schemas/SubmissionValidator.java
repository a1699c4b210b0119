package org.kith.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validation at the door, shared by every ingress path: hardened parsing ({@link Json}), the
 * CloudEvents envelope schema, the purposes the type allows, then the schema of the message type. Returns every violation found, each with
 * a JSON pointer and the schema location of the rule; never echoes submitted names or values, since they may be
 * personal data ({@link Violation}). A document the schema validator cannot judge is refused, never a failure.
 */
public final class SubmissionValidator {

    /** Keywords whose {@code property} is a member the schema itself names (so the pointer may name it). */
    private static final Set<String> DECLARED_MEMBER_KEYWORDS = Set.of("required", "dependentRequired");
    private static final Logger LOG = LoggerFactory.getLogger(SubmissionValidator.class);

    private final Schema envelopeSchema;
    private final Schema capacitySchema;
    private final Schema consentWithdrawnSchema;
    private final Schema hsdsImportSchema;
    private final Map<MessageType, Schema> dataSchemas = new EnumMap<>(MessageType.class);

    public SubmissionValidator() {
        SchemaRegistry registry = KithDialect.registry();
        envelopeSchema = load(registry, SchemaPointers.ENVELOPE);
        capacitySchema = load(registry, SchemaPointers.CAPACITY);
        consentWithdrawnSchema = load(registry, SchemaPointers.CONSENT_WITHDRAWN);
        hsdsImportSchema = load(registry, SchemaPointers.HSDS_IMPORT);
        for (MessageType type : MessageType.values()) {
            dataSchemas.put(type, load(registry, type.schemaResource()));
        }
    }

    /** Validates a structured-mode document as the partner sent it: bytes first ({@link PartnerJson}), then the schemas. */
    public ValidationResult validate(byte[] document) {
        PartnerJson.Read read = PartnerJson.read(document);
        if (read instanceof PartnerJson.Unreadable unreadable) {
            return unreadable.why();
        }
        return validate(((PartnerJson.Document) read).node());
    }

    /**
     * Validates a binary-mode submission: the CloudEvents attributes from protocol headers and the
     * data from the body, checked exactly as the structured document they describe.
     */
    public ValidationResult validate(Map<String, String> headers, CloudEventCodec.Binding binding, byte[] body) {
        PartnerJson.Read read = PartnerJson.read(body, "/data");
        if (read instanceof PartnerJson.Unreadable unreadable) {
            return unreadable.why();
        }
        return validate(CloudEventCodec.structured(headers, binding, ((PartnerJson.Document) read).node()));
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

    /**
     * Checks the data of a consent-withdrawn notice ({@code consent-withdrawn.schema.json}): the hub's
     * own message to past recipients of a revoked directive, which no partner sends.
     */
    public List<Violation> validateConsentWithdrawn(JsonNode notice) {
        return check(consentWithdrawnSchema, notice, "");
    }

    /**
     * Checks an HSDS 3.0 directory export ({@code hsds-import.schema.json}) before anything of it is
     * proposed: every violation, each with its JSON pointer.
     */
    public List<Violation> validateDirectoryImport(JsonNode export) {
        return check(hsdsImportSchema, export, "");
    }

    /** Validates a structured-mode CloudEvent document: the envelope, then the data against its type. */
    public ValidationResult validate(JsonNode root) {
        // every violation at once: the envelope's, and the data's whenever the type says which schema it has
        List<Violation> found = new ArrayList<>(check(envelopeSchema, root, ""));
        boolean envelopeValid = found.isEmpty();
        var type = root.path("type").isTextual() ? MessageType.fromTypeName(root.get("type").asText())
                : Optional.<MessageType>empty();
        if (type.isEmpty()) {
            if (envelopeValid) {
                found.add(new Violation("/type", "unknown message type"));
            }
            return new ValidationResult.Invalid(found);
        }
        MessageContract contract = Contracts.get().of(type.get());
        Optional<Purpose> purpose = root.path("purpose").isTextual()
                ? Purpose.fromCode(root.get("purpose").asText()) : Optional.empty();
        if (purpose.isPresent() && !contract.purposes().contains(purpose.get())) {
            found.add(new Violation("/purpose", "purpose not allowed for this message type; allowed: "
                    + contract.purposes().stream().map(Purpose::code).sorted().toList()));
        }
        if (envelopeValid && root.has("dataschema")
                && !root.get("dataschema").asText().equals(type.get().schemaUri().toString())) {
            found.add(new Violation("/dataschema", "must be " + type.get().schemaUri() + " or absent"));
        }
        Optional<OffsetDateTime> time = Optional.empty();
        if (envelopeValid && root.has("time")) {
            try {
                time = Optional.of(OffsetDateTime.parse(root.get("time").asText()));
            } catch (java.time.format.DateTimeParseException e) {
                found.add(new Violation("/time", "not an RFC 3339 date-time with offset"));
            }
        }
        if (root.has("data")) {
            found.addAll(check(dataSchemas.get(type.get()), root.get("data"), "/data"));
        }
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
                purpose.orElseThrow(),
                root.has("recipients") ? List.of(root.get("recipients").asText().split(",")) : List.of(),
                root.get("data")));
    }

    private static List<Violation> check(Schema schema, JsonNode node, String base) {
        List<Error> errors;
        try {
            errors = schema.validate(node,
                    context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        } catch (RuntimeException e) {
            // the validator could not judge this document: it is refused (fail closed), never a failure of the hub
            LOG.warn("The schema validator failed on a submitted document: {}", e.getClass().getName());
            return List.of(new Violation(base, "cannot be checked against its schema"));
        }
        return errors.stream()
                .map(error -> new Violation(base + pointer(error), SchemaRules.sentence(error),
                        error.getSchemaLocation() == null ? null : error.getSchemaLocation().toString()))
                .toList();
    }

    /**
     * RFC 6901 pointer of what a violation is about ({@link SchemaPointers}: declared names only):
     * the missing member itself for a required one, the object holding it for an undeclared one,
     * otherwise the instance location.
     */
    private static String pointer(Error error) {
        List<Object> tokens = new ArrayList<>();
        NodePath path = error.getInstanceLocation();
        for (int i = 0; i < path.getNameCount(); i++) {
            tokens.add(path.getElement(i));
        }
        if (error.getProperty() != null && DECLARED_MEMBER_KEYWORDS.contains(error.getKeyword())) {
            tokens.add(error.getProperty());
        }
        return SchemaPointers.of(tokens);
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
