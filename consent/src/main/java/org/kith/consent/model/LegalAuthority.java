package org.kith.consent.model;

import java.time.Instant;
import java.util.Objects;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;

/**
 * A legal basis for disclosure other than consent, recorded for one family: a court order, a statute
 * the agency invokes for this family, or a mandated report. Within its {@link AuthorityScope} it beats a
 * family's deny (the court or the legislature has weighed it); it never covers more than it names.
 * Jurisdiction-wide statutes that need no recording are {@code StatuteRule}s; emergencies are
 * {@link EmergencyAccess}.
 *
 * @param reference what it rests on, as its kind cites it: the court and order number, the statute's
 *                  citation, the report id
 */
public record LegalAuthority(String id, String familyId, Kind kind, String reference, AuthorityScope scope,
                             boolean redisclosureAllowed) {

    /** The kinds of recorded authority, with their wire names. */
    public enum Kind {
        COURT_ORDER("court-order"), STATUTE("statute"), MANDATED_REPORT("mandated-report");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public LegalAuthority {
        Ids.require(id, "authority id");
        Ids.require(familyId, "family id");
        Objects.requireNonNull(kind, "kind");
        Ids.require(reference, "reference");
        Objects.requireNonNull(scope, "scope");
    }

    /** A court order: the issuing court's id and the court's own number for the order. */
    public static LegalAuthority courtOrder(String id, String familyId, String court, String orderId,
                                            AuthorityScope scope, boolean redisclosureAllowed) {
        Ids.require(court, "court");
        Ids.require(orderId, "order id");
        return new LegalAuthority(id, familyId, Kind.COURT_ORDER, court + " " + orderId, scope, redisclosureAllowed);
    }

    public boolean covers(String subject, Partner sender, Partner recipient, Category category, Purpose purpose,
                          MessageType type, Instant at) {
        return scope.covers(subject, sender, recipient, category, purpose, type, at);
    }
}
