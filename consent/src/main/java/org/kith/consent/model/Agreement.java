package org.kith.consent.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;

/**
 * A data-sharing agreement (MOU) between partners: the ceiling on what may flow between its
 * parties, whatever the consent. Without a live agreement between sender and recipient nothing is
 * sent.
 */
public record Agreement(String id, Set<String> parties, Set<Purpose> purposes, Set<MessageType> messageTypes,
                        Set<Category> categories, Period period) {

    public Agreement {
        Ids.require(id, "agreement id");
        parties = Ids.nonEmptyIds(parties, "parties");
        if (parties.size() < 2) {
            throw new IllegalArgumentException("agreement " + id + " needs at least two parties");
        }
        purposes = Ids.nonEmptyEnumSet(purposes, Purpose.class, "purposes");
        messageTypes = Ids.nonEmptyEnumSet(messageTypes, MessageType.class, "message types");
        categories = Ids.nonEmptyEnumSet(categories, Category.class, "categories");
        Objects.requireNonNull(period, "period");
    }

    public boolean liveAt(Instant at) {
        return period.contains(at);
    }
}
