package org.kith.hub.enforce;

import java.util.Set;
import java.util.function.Supplier;
import org.kith.hub.rules.ConfigSnapshot;

/**
 * Any message that is neither a family document nor part of the referral loop (a case plan, a
 * hearing notice, a school notice...): released to the addressees it names and those the routing
 * rules add, each decided alone ({@link Release}).
 */
final class MessageHandler {

    private final FamilyReader families;
    private final Supplier<ConfigSnapshot> config;
    private final Release release;

    MessageHandler(FamilyReader families, Supplier<ConfigSnapshot> config, Release release) {
        this.families = families;
        this.config = config;
        this.release = release;
    }

    Effects handle(Arrival.OtherMessage message) {
        return release.release(message, families.record(message.envelope().familyid()), config.get(), Set.of()).effects();
    }
}
