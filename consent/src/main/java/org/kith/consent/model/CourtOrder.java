package org.kith.consent.model;

import java.time.Instant;
import java.util.Objects;
import org.kith.schemas.Category;
import org.kith.schemas.Purpose;

/**
 * A court order that authorises disclosure without consent, within its {@link AuthorityScope}. It
 * beats a family's deny (the court has weighed it); it never covers more than it names.
 *
 * @param court the issuing court's id
 * @param orderId the court's own number for the order
 */
public record CourtOrder(String id, String familyId, String court, String orderId, AuthorityScope scope,
                         boolean redisclosureAllowed) {

    public CourtOrder {
        Ids.require(id, "court order id");
        Ids.require(familyId, "family id");
        Ids.require(court, "court");
        Ids.require(orderId, "order id");
        Objects.requireNonNull(scope, "scope");
    }

    public boolean covers(String subject, Partner recipient, Category category, Purpose purpose, Instant at) {
        return scope.covers(subject, recipient, category, purpose, at);
    }
}
