package org.kith.consent;

/** Why a recipient gets nothing; the code travels to the sender and the ledger, never the data. */
public enum DenyReason {
    /** No live agreement between sender and recipient allows this type, purpose and every category. */
    NO_AGREEMENT("no-agreement"),
    /** No active directive names this recipient for this family. */
    NO_CONSENT("no-consent"),
    /** The addressee is not a registered partner. */
    UNKNOWN_RECIPIENT("unknown-recipient"),
    /** The message carries data the schema does not categorise; it cannot be judged, so it is withheld. */
    UNKNOWN_CATEGORY("unknown-category");

    private final String code;

    DenyReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
