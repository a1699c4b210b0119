package org.kith.hub.referral;

/**
 * One cell of the service-gap table: how many referrals to a service type, from families in an
 * area, were declined for a reason (or waitlisted for a long wait: {@code long-wait}). No person
 * and no family: counts only.
 */
public record ServiceGap(String serviceType, String area, String reason, long count) {
}
