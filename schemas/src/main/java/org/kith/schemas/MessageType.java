package org.kith.schemas;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of message the hub carries, each with its versioned CloudEvents type name and the JSON
 * Schema its {@code data} must satisfy.
 */
public enum MessageType {
    REFERRAL("referral"),
    CONSENT_DIRECTIVE("consent-directive");

    private static final String PREFIX = "org.kith.";
    private static final String VERSION = ".v1";

    private final String name;

    MessageType(String name) {
        this.name = name;
    }

    /** The wire name, e.g. {@code org.kith.referral.v1}. */
    public String typeName() {
        return PREFIX + name + VERSION;
    }

    /** Classpath resource of the schema for this type's {@code data}. */
    String schemaResource() {
        return "org/kith/schemas/v1/" + name + ".schema.json";
    }

    public static Optional<MessageType> fromTypeName(String typeName) {
        return Arrays.stream(values()).filter(t -> t.typeName().equals(typeName)).findFirst();
    }
}
