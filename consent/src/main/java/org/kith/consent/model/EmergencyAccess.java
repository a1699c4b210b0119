package org.kith.consent.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.kith.schemas.Category;
import org.kith.schemas.Purpose;

/**
 * Child-safety break-glass: a user holding the emergency role declares that these named recipients
 * need these categories about these subjects now. Time-limited (the jurisdiction caps the length),
 * justified in words, and every decision that uses it is flagged for review. It stands in for
 * missing consent; it does not override a family's explicit deny (only a court order or statute
 * does, per the precedence the engine states).
 */
public record EmergencyAccess(String id, String familyId, String declaredBy, String justification,
                              Set<String> subjects, Set<String> recipients, Set<Category> categories,
                              Set<Purpose> purposes, Period period) {

    public EmergencyAccess {
        Ids.require(id, "emergency id");
        Ids.require(familyId, "family id");
        Ids.require(declaredBy, "declared by");
        Ids.require(justification, "justification");
        subjects = Ids.nonEmptyIds(subjects, "subjects");
        recipients = Ids.nonEmptyIds(recipients, "recipients");
        categories = Ids.nonEmptyEnumSet(categories, Category.class, "categories");
        purposes = Ids.nonEmptyEnumSet(purposes, Purpose.class, "purposes");
        Objects.requireNonNull(period, "period");
        if (period.to().isEmpty()) {
            throw new IllegalArgumentException("emergency " + id + ": break-glass access must be time-limited");
        }
    }

    /** Declared by {@code actor}, who must hold {@link Actor#EMERGENCY_ROLE}. */
    public static EmergencyAccess declare(String id, String familyId, Actor actor, String justification,
                                          Set<String> subjects, Set<String> recipients, Set<Category> categories,
                                          Set<Purpose> purposes, Period period) {
        if (!actor.holds(Actor.EMERGENCY_ROLE)) {
            throw new IllegalArgumentException("user " + actor.userId() + " does not hold the emergency role");
        }
        return new EmergencyAccess(id, familyId, actor.userId(), justification, subjects, recipients, categories,
                purposes, period);
    }

    public boolean covers(String subject, Partner recipient, Category category, Purpose purpose, Instant at) {
        return subjects.contains(subject) && recipients.contains(recipient.id()) && categories.contains(category)
                && purposes.contains(purpose) && period.contains(at);
    }
}
