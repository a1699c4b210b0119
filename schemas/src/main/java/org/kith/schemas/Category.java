package org.kith.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * The data category a field carries, tagged on every schema property with {@code x-kith-category}.
 * Consent directives, authorities and agreements speak in these categories; one closed vocabulary.
 */
public enum Category {
    /** Names, person and record ids, birth dates. */
    IDENTITY,
    /** Addresses, phone numbers, e-mail of a family member. */
    CONTACT,
    /** Race, ethnicity, language, gender, age band. */
    DEMOGRAPHICS,
    /** Whatever could endanger someone if disclosed: a shelter address, safety concerns, a protective order. */
    SAFETY,
    /** Where a child lives in care and changes to it. */
    PLACEMENT,
    /** Enrollment, attendance, grades, school of origin (FERPA education records). */
    EDUCATION,
    /** Special-education eligibility and plans (IEP, 504). */
    SPECIAL_EDUCATION,
    PHYSICAL_HEALTH,
    BEHAVIORAL_HEALTH,
    /** Substance use disorder treatment records (42 CFR Part 2). */
    SUBSTANCE_USE,
    REPRODUCTIVE_HEALTH,
    HIV,
    /** Court cases, hearings, orders. */
    COURT,
    JUVENILE_JUSTICE,
    IMMIGRATION,
    /** Goals, responsibilities and visitation of a case plan. */
    CASE_PLAN,
    /** Which service, provider, status and outcome. */
    SERVICE,
    /** Message and referral ids, dates, codes that describe the exchange itself. */
    ADMINISTRATIVE;

    /** The wire name, e.g. {@code substance-use}. */
    @JsonValue
    public String code() {
        return name().toLowerCase().replace('_', '-');
    }

    public static Optional<Category> fromCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code().equals(code)).findFirst();
    }

    @JsonCreator
    static Category parse(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException("unknown category '" + code + "'"));
    }
}
