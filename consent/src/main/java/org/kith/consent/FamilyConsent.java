package org.kith.consent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every directive recorded for one family, latest version of each. Immutable: recording a
 * directive yields a new value, which the pipeline stores per family.
 */
public record FamilyConsent(String familyId, List<Directive> directives) {

    public FamilyConsent {
        Objects.requireNonNull(familyId, "familyId");
        directives = List.copyOf(directives);
        if (directives.stream().anyMatch(d -> !d.familyId().equals(familyId))) {
            throw new IllegalArgumentException("a directive of another family");
        }
    }

    public static FamilyConsent none(String familyId) {
        return new FamilyConsent(familyId, List.of());
    }

    /** This family's consent after recording {@code directive}, which replaces any earlier version of it. */
    public FamilyConsent record(Directive directive) {
        Map<String, Directive> byId = new LinkedHashMap<>();
        directives.forEach(d -> byId.put(d.directiveId(), d));
        byId.put(directive.directiveId(), directive);
        return new FamilyConsent(familyId, List.copyOf(byId.values()));
    }

    /** This family's consent with the directive revoked; unchanged if the family has no such directive. */
    public FamilyConsent revoke(String directiveId) {
        return directives.stream().filter(d -> d.directiveId().equals(directiveId)).findFirst()
                .map(d -> record(d.revoked()))
                .orElse(this);
    }
}
