package org.kith.hub.referral;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a recipient has to acknowledge a referral ({@code receipt}) and to answer it (accept,
 * decline or waitlist: {@code answer}), counted from when the hub forwarded it. Set per agreement
 * ({@code referralSla} in the agreement's config entry), else the hub's default.
 */
public record ReferralSla(Duration receipt, Duration answer) {

    public ReferralSla {
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(answer, "answer");
        if (receipt.isNegative() || receipt.isZero() || answer.isNegative() || answer.isZero()) {
            throw new IllegalArgumentException("referral SLA durations must be positive");
        }
        if (answer.compareTo(receipt) < 0) {
            throw new IllegalArgumentException("a referral cannot have to be answered (" + answer
                    + ") before it has to be received (" + receipt + ")");
        }
    }

    /** Reads {@code {"receipt": "PT48H", "answer": "P5D"}} (ISO 8601 durations). */
    public static ReferralSla fromJson(JsonNode json) {
        JsonNode receipt = json.get("receipt");
        JsonNode answer = json.get("answer");
        if (receipt == null || answer == null) {
            throw new IllegalArgumentException("a referral SLA needs 'receipt' and 'answer'");
        }
        return new ReferralSla(Duration.parse(receipt.asText()), Duration.parse(answer.asText()));
    }
}
