package org.kith.consent.jurisdiction;

import java.util.Objects;
import org.kith.schemas.Category;

/**
 * From {@code age} on, a minor may consent alone to disclosure of their own data in {@code category}.
 * If {@code exclusive}, only the minor can (the parent or guardian no longer may): this is the
 * 42 CFR 2.14 rule where state law lets a minor obtain substance-use treatment alone.
 */
public record MinorConsentRule(Category category, int age, boolean exclusive) {
    public MinorConsentRule {
        Objects.requireNonNull(category, "category");
        if (age < 0 || age > 25) {
            throw new IllegalArgumentException("minor consent age for " + category.code() + " out of range: " + age);
        }
    }
}
