package org.kith.consent.model;

import java.util.Objects;
import java.util.Set;
import org.kith.schemas.PartnerKind;

/**
 * Whose messages a directive or authority covers: senders named by id and/or kinds of sender. A
 * family may agree that the clinic's reports go to the court without agreeing that everyone's do;
 * both empty means every sender.
 */
public record Sources(Set<String> named, Set<PartnerKind> kinds) {

    /** Every sender. */
    public static final Sources ANY = new Sources(Set.of(), Set.of());

    public Sources {
        Objects.requireNonNull(named, "named sources");
        named.forEach(id -> Ids.require(id, "named source"));
        named = Set.copyOf(named);
        kinds = Ids.enumSet(kinds, PartnerKind.class, "source kinds");
    }

    public static Sources named(String... partnerIds) {
        return new Sources(Set.of(partnerIds), Set.of());
    }

    public static Sources kinds(PartnerKind... kinds) {
        return new Sources(Set.of(), Set.of(kinds));
    }

    public boolean any() {
        return named.isEmpty() && kinds.isEmpty();
    }

    public boolean covers(Partner sender) {
        return any() || named.contains(sender.id()) || kinds.contains(sender.kind());
    }
}
