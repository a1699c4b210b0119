package org.kith.consent.engine;

import java.util.List;
import java.util.Objects;
import org.kith.schemas.Category;

/**
 * One category disclosed to a recipient and the ids it rests on: the agreement, and the directives
 * or authorities that cover it for every subject. The accounting of disclosures reads these.
 */
public record Grant(Category category, List<String> bases) {
    public Grant {
        Objects.requireNonNull(category, "category");
        bases = List.copyOf(bases);
        if (bases.size() < 2) {
            throw new IllegalArgumentException(category.code() + ": a disclosure needs an agreement and a basis");
        }
    }
}
