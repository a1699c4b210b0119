package org.kith.consent.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.kith.schemas.Category;
import org.kith.schemas.Purpose;

/**
 * A court order that authorises disclosure without consent: for these subjects, to these named
 * recipients, these categories, these purposes, for this period. It beats a family's deny (the
 * court has weighed it); it never covers more than it names.
 *
 * @param court the issuing court's id
 * @param orderId the court's own number for the order
 */
public record CourtOrder(String id, String familyId, String court, String orderId, Set<String> subjects,
                         Set<String> recipients, Set<Category> categories, Set<Purpose> purposes, Period period,
                         boolean redisclosureAllowed) {

    public CourtOrder {
        Ids.require(id, "court order id");
        Ids.require(familyId, "family id");
        Ids.require(court, "court");
        Ids.require(orderId, "order id");
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
