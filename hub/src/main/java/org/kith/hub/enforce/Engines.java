package org.kith.hub.enforce;

import java.time.Clock;
import java.util.Comparator;
import org.kith.consent.engine.ConsentEngine;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.jurisdiction.StatuteRule;
import org.kith.hub.rules.ConfigSnapshot;

/**
 * The consent engine for the current configuration: the jurisdiction's ages and limits with the
 * configured statute rules, and the configured agreements. Rebuilt when the configuration changes
 * (rarely; building one is cheap), shared by every stream thread. Families are not held here: the
 * processor passes each family's record, read from its state store, to every decision.
 */
final class Engines {

    private record Built(ConfigSnapshot config, ConsentEngine engine) {
    }

    private final Clock clock;
    private final Jurisdiction jurisdiction;
    private volatile Built built;

    Engines(Clock clock, Jurisdiction jurisdiction) {
        this.clock = clock;
        this.jurisdiction = jurisdiction;
    }

    Jurisdiction jurisdiction() {
        return jurisdiction;
    }

    ConsentEngine forConfig(ConfigSnapshot config) {
        Built current = built;
        if (current == null || current.config() != config) {
            current = new Built(config, build(config));
            built = current;
        }
        return current.engine();
    }

    private ConsentEngine build(ConfigSnapshot config) {
        ConsentEngine engine = new ConsentEngine(clock, jurisdiction.withStatutes(config.statutes().values().stream()
                .sorted(Comparator.comparing(StatuteRule::id)).toList()));
        config.agreements().values().forEach(engine::record);
        return engine;
    }
}
