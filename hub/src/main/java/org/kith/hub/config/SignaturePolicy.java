package org.kith.hub.config;

import java.util.Locale;

/**
 * Whether the REST ingress takes a message without a publisher signature. {@link #REQUIRED} in
 * production; {@link #OPTIONAL} only while partners move to signing: a signature that is present is
 * checked either way, and a bad one is always refused.
 */
public enum SignaturePolicy {
    /** Unsigned messages are refused ({@code unsigned}). */
    REQUIRED,
    /** Unsigned messages are accepted and logged by sender id; signed ones must verify. */
    OPTIONAL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code required} or {@code optional}; anything else names the setting and the bad value. */
    static SignaturePolicy parse(String option, String raw) {
        for (SignaturePolicy policy : values()) {
            if (policy.code().equals(raw)) {
                return policy;
            }
        }
        throw new IllegalArgumentException(option + " must be required or optional, not '" + raw + "'");
    }
}
