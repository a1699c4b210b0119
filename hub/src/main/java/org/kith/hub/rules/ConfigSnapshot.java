package org.kith.hub.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.kith.consent.model.Agreement;

/** The partnership configuration at one moment: agreements and routing rules, by id. Immutable. */
public record ConfigSnapshot(Map<String, Agreement> agreements, Map<String, RoutingRule> rules) {

    public static final ConfigSnapshot EMPTY = new ConfigSnapshot(Map.of(), Map.of());

    public ConfigSnapshot {
        agreements = Map.copyOf(agreements);
        rules = Map.copyOf(rules);
    }

    /** Agreements between the two partners that are live at {@code at}. */
    public List<Agreement> liveBetween(String a, String b, Instant at) {
        return agreements.values().stream()
                .filter(agreement -> agreement.parties().contains(a) && agreement.parties().contains(b))
                .filter(agreement -> agreement.liveAt(at))
                .toList();
    }
}
