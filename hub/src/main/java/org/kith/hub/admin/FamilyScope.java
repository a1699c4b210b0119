package org.kith.hub.admin;

/**
 * Which families an operation of the administration API touches, and so how a user scoped to
 * agencies ({@link User#agencies()}) is held to them. Each operation carries one; the dispatcher
 * checks the family of {@link #FAMILY_PATH} and {@link #FAMILY_BODY} operations before the operation
 * runs, so that an operation cannot forget it; the OpenAPI document names it as {@code x-kith-scope}.
 * Outside the scope a family is answered exactly as one that does not exist (404).
 */
public enum FamilyScope {
    /** No family's data: the partnership's configuration, partners, changes, health, metrics. */
    NONE("none"),
    /** The family of the {@code {familyId}} path parameter. */
    FAMILY_PATH("family-path"),
    /** The family the message in the body is about (its {@code familyid}): the dry-run. */
    FAMILY_BODY("family-body"),
    /**
     * Stored records each of one family, listed or acted on by their own ids: dead letters. The
     * operation keeps to the records of families in scope, each checked as a family is; any other
     * record is answered as one that does not exist.
     */
    FAMILY_RECORDS("family-records"),
    /** Counts over many families: narrowed to what the user's agencies see of their own referrals. */
    AGENCIES("agencies");

    /** The path parameter that names a family. */
    public static final String FAMILY_PARAMETER = "{familyId}";

    private final String code;

    FamilyScope(String code) {
        this.code = code;
    }

    /** The name in the OpenAPI document ({@code x-kith-scope}). */
    public String code() {
        return code;
    }
}
