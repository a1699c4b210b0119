package org.kith.consent.engine;

/**
 * Why a category (or the whole message) was withheld. The code goes to the sender, the ledger and
 * the family; the phrase is the plain-language half of the explanation.
 */
public enum ReasonCode {
    NO_AGREEMENT("no-agreement", "there is no data-sharing agreement between sender and recipient"),
    AGREEMENT_EXPIRED("agreement-expired", "the data-sharing agreement between sender and recipient has ended"),
    NOT_IN_AGREEMENT("not-in-agreement", "the data-sharing agreement does not allow it"),
    PURPOSE_NOT_COVERED("purpose-not-covered", "it is not allowed for this purpose"),
    NO_CONSENT("no-consent", "no consent or legal authority covers this recipient"),
    CONSENT_REVOKED("consent-revoked", "the consent that covered it was revoked"),
    CONSENT_EXPIRED("consent-expired", "the consent that covered it has expired"),
    CONSENT_NOT_YET_EFFECTIVE("consent-not-yet-effective", "the consent that covers it has not started yet"),
    DENIED_BY_FAMILY("denied-by-family", "the family said no"),
    GRANTOR_NOT_AUTHORIZED("grantor-not-authorized",
            "the person who signed the consent may not consent for this person and this kind of information"),
    NAMED_RECIPIENT_REQUIRED("named-recipient-required",
            "substance use treatment records need a consent that names the recipient"),
    UNKNOWN_CATEGORY("unknown-category", "the message contains information the schema does not describe"),
    UNREADABLE_DIRECTIVE("unreadable-directive", "a consent directive on file could not be read"),
    CORE_FIELD_WITHHELD("core-field-withheld", "information the message cannot do without was withheld"),
    CONTAINER_WITHHELD("container-withheld",
            "it sits inside information that was withheld and means nothing without it"),
    ENGINE_ERROR("engine-error", "the consent check could not be completed");

    private final String code;
    private final String phrase;

    ReasonCode(String code, String phrase) {
        this.code = code;
        this.phrase = phrase;
    }

    /** The wire name, e.g. {@code consent-revoked}. */
    public String code() {
        return code;
    }

    /** Plain language, to follow "because". */
    public String phrase() {
        return phrase;
    }
}
