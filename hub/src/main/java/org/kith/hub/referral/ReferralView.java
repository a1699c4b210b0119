package org.kith.hub.referral;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A referral as one partner may see it (see {@link Referral#viewFor}): the answer of the referral
 * query API. A step the partner may not see reads {@link #UPDATED}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ReferralView(String referralId, String familyId, String referrer, String recipient, String serviceType,
                           String state, List<Step> history, String previousReferralId, List<String> nextReferralIds,
                           Instant receiptDue, Instant answerDue) {

    /** A step the viewer may not see: the referral moved, its state is shared only with consent. */
    public static final String UPDATED = "updated";

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Step(String state, Instant at, String reasonCode, String outcome) {
    }
}
