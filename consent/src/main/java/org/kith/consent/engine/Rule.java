package org.kith.consent.engine;

/**
 * The engine's combining rules, named so that a decision can say which of them shaped it (as Cedar
 * names the policies behind an answer).
 */
public enum Rule {
    /** No live agreement between sender and recipient allowing the type, purpose and category: nothing. */
    AGREEMENT_REQUIRED("rule:agreement-required"),
    /** A court order or statute covers the category: disclosed even over a family's deny. */
    AUTHORITY_BEATS_FAMILY_DENY("rule:authority-beats-family-deny"),
    /** A valid deny and a valid permit cover the same category: the deny wins. */
    DENY_BEATS_PERMIT("rule:deny-beats-permit"),
    /**
     * The sender is a 42 CFR Part 2 program: every category it sends goes to a subject only if the
     * basis for substance-use covers that subject too (what a program sends identifies its patient).
     */
    PART2_PROGRAM_RECORD("rule:part2-program-record"),
    /** A permit to a kind of partner never covers substance-use records. */
    GENERAL_DESIGNATION_EXCLUDES_SUBSTANCE_USE("rule:general-designation-excludes-substance-use"),
    /** A directive binds only where its grantor may consent for that subject and category. */
    GRANTOR_AUTHORITY("rule:grantor-authority"),
    /** A node the schema does not describe is withheld. */
    UNCLASSIFIED_WITHHELD("rule:unclassified-withheld"),
    /**
     * A node of a disclosed category inside a withheld one goes in a shell of its container, unless
     * the container is anchored (its schema requires a field of its own category): then it is
     * withheld with the container ({@code container-withheld}).
     */
    NESTED_CATEGORIES("rule:nested-categories"),
    /** If a core field would be withheld, nothing is sent. */
    CORE_FIELDS_OR_NOTHING("rule:core-fields-or-nothing"),
    /** Every subject of the message must be covered for a category to be disclosed. */
    EVERY_SUBJECT_COVERED("rule:every-subject-covered"),
    /** Substance-use records, or anything a Part 2 program sends, under consent carry the 42 CFR 2.32 notice. */
    PART2_REDISCLOSURE_NOTICE("rule:part2-redisclosure-notice"),
    /** Break-glass access was used; the decision needs review. */
    EMERGENCY_REVIEW("rule:emergency-review"),
    /** Something went wrong inside the engine: nothing is disclosed. */
    FAIL_CLOSED("rule:fail-closed");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
