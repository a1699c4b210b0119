package org.kith.hub.referral;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a referral stands, as the {@code referral-status} contract names it (close to FHIR Task in
 * the HL7 Gravity SDOH referral workflow). {@link ReferralLifecycle} says which moves are allowed.
 */
public enum ReferralState {
    REQUESTED, RECEIVED, ACCEPTED, DECLINED, WAITLISTED, IN_PROGRESS, COMPLETED, CANCELLED, CLOSED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static ReferralState fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown referral state '" + code + "'"));
    }

    /** The recipient's answer to the referral: the answer deadline is met. */
    public boolean isAnswer() {
        return this == ACCEPTED || this == DECLINED || this == WAITLISTED;
    }
}
