package org.kith.consent.model;

import java.util.Objects;
import java.util.Set;
import org.kith.schemas.PartnerKind;

/**
 * Whom a directive covers: partners named by id, and/or kinds of partner (a <em>general
 * designation</em>, e.g. "any mental health provider"). The distinction matters: 42 CFR Part 2
 * does not let a general designation receive substance-use records, a named recipient is required.
 * Named partner ids are interned, as in {@link Partner}.
 */
public record Recipients(Set<String> named, Set<PartnerKind> kinds) {

    /** How a recipient is covered, if at all. */
    public enum Match { NAMED, GENERAL, NONE }

    public Recipients {
        Objects.requireNonNull(named, "named recipients");
        named.forEach(id -> Ids.require(id, "named recipient"));
        named = named.stream().map(String::intern).collect(java.util.stream.Collectors.toUnmodifiableSet());
        kinds = Ids.enumSet(kinds, PartnerKind.class, "recipient kinds");
        if (named.isEmpty() && kinds.isEmpty()) {
            throw new IllegalArgumentException("recipients must name a partner or a kind of partner");
        }
    }

    public static Recipients named(String... partnerIds) {
        return new Recipients(Set.of(partnerIds), Set.of());
    }

    public static Recipients kinds(PartnerKind... kinds) {
        return new Recipients(Set.of(), Set.of(kinds));
    }

    /** A name beats a kind: a partner named by id is a named recipient even if its kind is also listed. */
    public Match match(Partner partner) {
        if (named.contains(partner.id())) {
            return Match.NAMED;
        }
        return kinds.contains(partner.kind()) ? Match.GENERAL : Match.NONE;
    }
}
