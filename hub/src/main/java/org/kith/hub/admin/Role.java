package org.kith.hub.admin;

import java.util.Arrays;

/**
 * What a signed-in user of the hub's administration API may do. Each endpoint names the roles it
 * admits; a user holds one or more.
 */
public enum Role {
    /** Partners, agreements, routing and statute rules. */
    ADMINISTRATOR,
    /** Records and revokes what families decided. */
    CONSENT_OFFICER,
    /** Reads the ledger and the accounting of disclosures. */
    AUDITOR,
    /** Runs the hub: dead letters and their replay, health. */
    OPERATOR,
    /** Declares child-safety break-glass access. */
    EMERGENCY,
    /**
     * Reads the operational metrics and nothing else: the credential of a Prometheus scraper, which
     * then holds no token that could read a dead letter or replay one, as an operator's can.
     */
    METRICS;

    /** The wire name, e.g. {@code consent-officer}. */
    public String code() {
        return name().toLowerCase().replace('_', '-');
    }

    public static Role fromCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role '" + code + "'"));
    }
}
