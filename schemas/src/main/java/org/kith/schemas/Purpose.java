package org.kith.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Why data moves. A message states its purpose; directives, authorities and agreements cover purposes. */
public enum Purpose {
    REFERRAL,
    CASE_PLANNING,
    CARE_COORDINATION,
    COURT_PROCEEDING,
    EDUCATION_STABILITY,
    /** Reporting suspected abuse or neglect and the child welfare response to it. */
    CHILD_PROTECTION,
    /** Partnership measures and evaluation (aggregate use). */
    EVALUATION,
    /** Recording, revoking and accounting for consent itself. */
    CONSENT_MANAGEMENT;

    /** The wire name, e.g. {@code case-planning}. */
    @JsonValue
    public String code() {
        return name().toLowerCase().replace('_', '-');
    }

    public static Optional<Purpose> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code().equals(code)).findFirst();
    }

    @JsonCreator
    static Purpose parse(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException("unknown purpose '" + code + "'"));
    }
}
