package org.kith.consent.model;

/**
 * The capacity in which a grantor consents. It decides, with the subject's age and the category,
 * whether the directive binds at all (see {@code org.kith.consent.jurisdiction.GrantorAuthority}).
 */
public enum Capacity {
    /** A parent whose rights stand, for their minor child. */
    PARENT,
    /** A legal guardian, for a minor in their guardianship. */
    LEGAL_GUARDIAN,
    /** A minor consenting for their own data, where the jurisdiction lets them for that category. */
    YOUTH_FOR_SELF,
    /** An adult consenting for their own data. */
    ADULT_FOR_SELF,
    /** A representative appointed by a court (e.g. a guardian of an adult), for the person in their charge. */
    COURT_APPOINTED
}
