package org.kith.schemas;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of message the hub carries, each with its versioned CloudEvents type name and the JSON
 * Schema its {@code data} must satisfy.
 */
public enum MessageType {
    REFERRAL("referral"),
    REFERRAL_STATUS("referral-status"),
    CASE_PLAN("case-plan"),
    COURT_NOTICE("court-notice"),
    EDUCATION_RECORD("education-record"),
    PLACEMENT_CHANGE("placement-change"),
    PROGRESS_REPORT("progress-report"),
    MANDATED_REPORT("mandated-report"),
    CONSENT_DIRECTIVE("consent-directive"),
    CONSENT_REVOCATION("consent-revocation"),
    LEGAL_AUTHORITY("legal-authority"),
    FAMILY_PROFILE("family-profile");

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

    /** The short name, e.g. {@code referral}: the schema's and the examples' file name. */
    public String shortName() {
        return name;
    }

    /** The published address of this type's schema, the CloudEvents {@code dataschema}. */
    public java.net.URI schemaUri() {
        return java.net.URI.create("https://schemas.kith.org/v1/" + name + ".schema.json");
    }

    /** Classpath resource of the schema for this type's {@code data}. */
    String schemaResource() {
        return "org/kith/schemas/v1/" + name + ".schema.json";
    }

    /** The type a short name such as {@code referral} names. */
    public static MessageType fromShortName(String shortName) {
        return Arrays.stream(values()).filter(t -> t.name.equals(shortName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown message type '" + shortName + "'"));
    }

    public static Optional<MessageType> fromTypeName(String typeName) {
        return Arrays.stream(values()).filter(t -> t.typeName().equals(typeName)).findFirst();
    }
}
