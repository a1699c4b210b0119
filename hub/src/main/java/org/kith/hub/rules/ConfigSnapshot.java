package org.kith.hub.rules;

import java.util.Map;
import java.util.Optional;
import org.kith.consent.jurisdiction.StatuteRule;
import org.kith.consent.model.Agreement;
import org.kith.hub.config.Partner;
import org.kith.hub.referral.ProviderCapacity;
import org.kith.hub.referral.ReferralSla;

/**
 * The partnership configuration at one moment: agreements, routing rules and statute rules by id,
 * the referral SLAs agreements set (by agreement id), the capacity providers last reported
 * (by {@link ProviderCapacity#key}), and the partners the administration API registered (by id;
 * empty for one it removed). Immutable.
 */
public record ConfigSnapshot(Map<String, Agreement> agreements, Map<String, RoutingRule> rules,
                             Map<String, StatuteRule> statutes, Map<String, ReferralSla> referralSlas,
                             Map<String, ProviderCapacity> capacity, Map<String, Optional<Partner>> partners) {

    public static final ConfigSnapshot EMPTY = new ConfigSnapshot(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
            Map.of());

    public ConfigSnapshot {
        agreements = Map.copyOf(agreements);
        rules = Map.copyOf(rules);
        statutes = Map.copyOf(statutes);
        referralSlas = Map.copyOf(referralSlas);
        capacity = Map.copyOf(capacity);
        partners = Map.copyOf(partners);
    }

    /** What {@code partner} last said of its capacity for {@code serviceType} in {@code area}, if it covers that area. */
    public Optional<ProviderCapacity.Status> capacityOf(String partner, String serviceType, String area) {
        return Optional.ofNullable(capacity.get(ProviderCapacity.key(partner, serviceType)))
                .filter(report -> report.covers(area))
                .map(ProviderCapacity::status);
    }
}
