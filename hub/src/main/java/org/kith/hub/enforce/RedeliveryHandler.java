package org.kith.hub.enforce;

import java.util.function.Supplier;
import org.kith.hub.rules.ConfigSnapshot;

/**
 * An operator's redelivery of a copy a partner refused for good: a new disclosure, decided when it
 * happens, for that one recipient, under the family's consent and the agreements as they are now.
 * It comes through the family's stream, so a revocation recorded before it is in the family's file
 * already ({@link Release#redeliver}).
 */
final class RedeliveryHandler {

    private final FamilyReader families;
    private final Supplier<ConfigSnapshot> config;
    private final Release release;

    RedeliveryHandler(FamilyReader families, Supplier<ConfigSnapshot> config, Release release) {
        this.families = families;
        this.config = config;
        this.release = release;
    }

    Effects handle(Arrival.Redelivery redelivery) {
        return release.redeliver(redelivery, families.record(redelivery.copy().familyid()), config.get()).effects();
    }
}
