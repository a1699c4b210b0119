package org.kith.consent.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.kith.schemas.Category;
import org.kith.schemas.Purpose;

/**
 * What a legal authority other than consent reaches: these subjects, these named recipients (never a
 * kind of partner), these categories and purposes, for this period. Court orders and break-glass
 * emergencies share it; each adds what makes it lawful.
 */
public record AuthorityScope(Set<String> subjects, Set<String> recipients, Set<Category> categories,
                             Set<Purpose> purposes, Period period) {

    public AuthorityScope {
        subjects = Ids.nonEmptyIds(subjects, "subjects");
        recipients = Ids.nonEmptyIds(recipients, "recipients");
        categories = Ids.nonEmptyEnumSet(categories, Category.class, "categories");
        purposes = Ids.nonEmptyEnumSet(purposes, Purpose.class, "purposes");
        Objects.requireNonNull(period, "period");
    }

    public boolean covers(String subject, Partner recipient, Category category, Purpose purpose, Instant at) {
        return subjects.contains(subject) && recipients.contains(recipient.id()) && categories.contains(category)
                && purposes.contains(purpose) && period.contains(at);
    }
}
