package org.kith.hub.rules;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.kith.consent.jurisdiction.StatuteRule;
import org.kith.consent.model.Agreement;
import org.kith.hub.config.Partner;
import org.kith.hub.referral.ProviderCapacity;
import org.kith.hub.referral.ReferralSla;

/**
 * The partnership configuration at one moment: agreements, routing rules and statute rules by id,
 * the referral SLAs agreements set (by agreement id), the capacity providers last reported
 * (by {@link ProviderCapacity#key}), the partners the administration API registered (by id;
 * empty for one it removed), and the area codes agreements list for the partnership's measures
 * (by agreement id). Immutable.
 */
public record ConfigSnapshot(Map<String, Agreement> agreements, Map<String, RoutingRule> rules,
                             Map<String, StatuteRule> statutes, Map<String, ReferralSla> referralSlas,
                             Map<String, ProviderCapacity> capacity, Map<String, Optional<Partner>> partners,
                             Map<String, Set<String>> measureAreas) {

    public static final ConfigSnapshot EMPTY = new ConfigSnapshot(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
            Map.of(), Map.of());

    public ConfigSnapshot {
        agreements = Map.copyOf(agreements);
        rules = Map.copyOf(rules);
        statutes = Map.copyOf(statutes);
        referralSlas = Map.copyOf(referralSlas);
        capacity = Map.copyOf(capacity);
        partners = Map.copyOf(partners);
        measureAreas = Map.copyOf(measureAreas);
    }

    /** A snapshot whose agreements list no measure areas (every area then counts as {@code other}). */
    public ConfigSnapshot(Map<String, Agreement> agreements, Map<String, RoutingRule> rules,
                          Map<String, StatuteRule> statutes, Map<String, ReferralSla> referralSlas,
                          Map<String, ProviderCapacity> capacity, Map<String, Optional<Partner>> partners) {
        this(agreements, rules, statutes, referralSlas, capacity, partners, Map.of());
    }

    /**
     * The area codes the measures count a referral under {@code agreementIds} by: those the
     * agreements list ({@code measureAreas}); none when they list none, so every area is {@code other}.
     */
    public Set<String> measureAreas(Collection<String> agreementIds) {
        Set<String> areas = new TreeSet<>();
        agreementIds.forEach(id -> areas.addAll(measureAreas.getOrDefault(id, Set.of())));
        return areas;
    }

    /** What {@code partner} last said of its capacity for {@code serviceType} in {@code area}, if it covers that area. */
    public Optional<ProviderCapacity.Status> capacityOf(String partner, String serviceType, String area) {
        return Optional.ofNullable(capacity.get(ProviderCapacity.key(partner, serviceType)))
                .filter(report -> report.covers(area))
                .map(ProviderCapacity::status);
    }
}
