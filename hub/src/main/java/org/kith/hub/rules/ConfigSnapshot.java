package org.kith.hub.rules;

import java.util.Map;
import org.kith.consent.jurisdiction.StatuteRule;
import org.kith.consent.model.Agreement;

/** The partnership configuration at one moment: agreements, routing rules and statute rules, by id. Immutable. */
public record ConfigSnapshot(Map<String, Agreement> agreements, Map<String, RoutingRule> rules,
                             Map<String, StatuteRule> statutes) {

    public static final ConfigSnapshot EMPTY = new ConfigSnapshot(Map.of(), Map.of(), Map.of());

    public ConfigSnapshot {
        agreements = Map.copyOf(agreements);
        rules = Map.copyOf(rules);
        statutes = Map.copyOf(statutes);
    }
}
