package org.kith.consent.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kith.schemas.Category;

/**
 * One category withheld from a recipient, with the reason and the ids behind it (the deny
 * directive, the revoked or expired consent that came closest, the agreement that stops it). An
 * empty category stands for the nodes the schema does not describe.
 */
public record Withheld(Optional<Category> category, ReasonCode reason, List<String> causes) {
    public Withheld {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(reason, "reason");
        causes = List.copyOf(causes);
    }

    private static final Optional<Category>[] CATEGORIES = cacheOptionals();

    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of a generic type can only be made raw
    private static Optional<Category>[] cacheOptionals() {
        Optional<Category>[] all = new Optional[Category.values().length];
        for (Category c : Category.values()) {
            all[c.ordinal()] = Optional.of(c);
        }
        return all;
    }

    /** A withheld category; the Optional is shared, so the decision path does not allocate one each time. */
    public static Withheld of(Category category, ReasonCode reason, List<String> causes) {
        return new Withheld(CATEGORIES[category.ordinal()], reason, causes);
    }

    /** The category's wire name, or {@code unclassified}. */
    public String label() {
        return category.map(Category::code).orElse("unclassified");
    }
}
