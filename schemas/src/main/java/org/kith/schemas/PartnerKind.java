package org.kith.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The kinds of organisation a child welfare partnership connects. */
public enum PartnerKind {
    CHILD_WELFARE, COURT, GUARDIAN_AD_LITEM, ATTORNEY, LAW_ENFORCEMENT, SCHOOL, EDUCATION_AGENCY,
    MENTAL_HEALTH, SUBSTANCE_USE_TREATMENT, HEALTH_CARE, HOSPITAL, PUBLIC_HEALTH, HOUSING,
    DOMESTIC_VIOLENCE_SERVICES, EARLY_INTERVENTION, CHILD_CARE, INCOME_SUPPORT, DEVELOPMENTAL_DISABILITIES,
    WORKFORCE, JUVENILE_JUSTICE, TRIBE, COMMUNITY_ORGANIZATION, FAITH_BASED_ORGANIZATION, FAMILY;

    /** The wire name, e.g. {@code child-welfare}. */
    @JsonValue
    public String code() {
        return name().toLowerCase().replace('_', '-');
    }

    @JsonCreator
    public static PartnerKind fromCode(String code) {
        return Arrays.stream(values()).filter(k -> k.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown partner kind '" + code + "'"));
    }
}
