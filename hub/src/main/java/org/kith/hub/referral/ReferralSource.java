package org.kith.hub.referral;

import java.util.List;

/** Where the referral API reads a family's referrals from. */
@FunctionalInterface
public interface ReferralSource {

    /**
     * Every copy (one per recipient) of the family's referrals with this id, from any referrer;
     * throws {@link IllegalStateException} when this hub instance does not hold the family's records.
     */
    List<Referral> find(String familyId, String referralId);
}
