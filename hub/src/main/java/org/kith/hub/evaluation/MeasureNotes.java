package org.kith.hub.evaluation;

import java.util.Map;

/**
 * Plain-language notes printed under each measure: what it counts, how to read it and its limits.
 * Written for partnership meetings, where a table without its caveats is easily over-read.
 */
public final class MeasureNotes {

    private static final String SMALL = " Numbers from 1 to just below the threshold are withheld (*), and so are some others so "
            + "that a withheld number cannot be worked out from the totals.";
    private static final String COHORT = " Referrals are counted by the month they were sent (a cohort), so recent "
            + "months still change as referrals move on.";
    private static final String STATUSES = " It is only as complete as the statuses partners send back: a referral a "
            + "partner never updated stays where it was last reported.";
    private static final String DEMOGRAPHICS = " Only referrals whose family allowed their demographic details to be "
            + "used for evaluation are placed in a group; the others are counted as 'not-shared', and details are "
            + "only as good as what the referring partner recorded. A difference between groups is a question to "
            + "look into, not by itself proof of unfair treatment.";
    private static final String STATES = " Each referral sent in the period is counted once, in the state it is in "
            + "now (requested, received, waitlisted, accepted, in-progress, completed, declined, cancelled, closed); "
            + "a referral closed after it was completed, declined or cancelled is counted by that last state before "
            + "closing, one closed while accepted or in progress as closed.";

    private static final String TIMING = " Groups with fewer referrals than the threshold are withheld (*)." + COHORT
            + " Times depend on partners sending their statuses promptly; a late update looks like a late service.";

    private static final String GENERIC = "A count of referrals in the period covered by this report." + SMALL
            + COHORT + STATUSES;

    private static final Map<String, String> NOTES = Map.ofEntries(
            Map.entry("referrals-by-month", "Referrals by the month they were sent." + STATES + " Read down the "
                    + "rows for the trend; the last months are still moving." + SMALL + COHORT + STATUSES),
            Map.entry("referrals-by-pair", "Referrals between each pair of partners (referrer → recipient)."
                    + STATES + " Read across a row to see how one partnership's referrals fare; compare rows with "
                    + "care, as partners serve different families." + SMALL + COHORT + STATUSES),
            Map.entry("referrals-by-service", "Referrals by the type of service asked for." + STATES
                    + SMALL + COHORT + STATUSES),
            Map.entry("referrals-by-area", "Referrals by the area of the family, as recorded by the referring "
                    + "partner." + STATES + " Areas with few referrals are mostly withheld." + SMALL + COHORT
                    + STATUSES),
            Map.entry("declines-by-reason", "Declined referrals by service type and the reason the receiving "
                    + "partner gave (no-capacity, not-eligible, not-offered, family-declined, unable-to-contact, "
                    + "other). Many no-capacity or not-eligible declines point at a gap in services rather than at "
                    + "a partner. The reason is the partner's own code and may be used differently by different "
                    + "partners." + SMALL + COHORT + STATUSES),
            Map.entry("outcomes-by-service", "Completed referrals by service type and the outcome code the "
                    + "providing partner reported at completion. It says what partners recorded, not how the "
                    + "family is doing; referrals not yet completed are not in it." + SMALL + COHORT + STATUSES),
            Map.entry("withheld-by-reason", "Messages, or parts of messages, the hub did not pass on, by sender → "
                    + "recipient and the consent engine's reason (no-consent, no-agreement, revoked, ...). This is "
                    + "the consent rules working, not an error: many withheld for no-consent suggest asking "
                    + "families for consent earlier; no-agreement or an expired agreement suggests renewing the "
                    + "data sharing agreement. It counts messages, not families." + SMALL),
            Map.entry("rereferrals", "Referrals sent again for the same service type after an earlier one was "
                    + "declined or cancelled. Re-sending can be persistence that pays off or a family passed "
                    + "around; read it with declines-by-reason." + SMALL + COHORT + STATUSES),
            Map.entry("service-gaps", "Signs of unmet need by service type and area: declines for capacity or "
                    + "eligibility plus referrals that waited 30 days or more. A high number means families in "
                    + "that area struggle to get that service; a low one may also mean few referrals were made "
                    + "at all." + SMALL + COHORT + STATUSES),
            Map.entry("disparities-race-ethnicity", "Referrals by the race or ethnicity of the person referred (the child, where there is one) and the state "
                    + "each referral is in now, to see whether some groups are declined, kept waiting or "
                    + "cancelled more often than others." + DEMOGRAPHICS + SMALL + COHORT),
            Map.entry("disparities-language", "Referrals by the primary language of the person referred and the state each "
                    + "referral is in now, to see whether families are served equally whatever their language."
                    + DEMOGRAPHICS + SMALL + COHORT),
            Map.entry("disparities-age-band", "Referrals by the age band of the child and the state each referral "
                    + "is in now." + DEMOGRAPHICS + SMALL + COHORT),
            Map.entry("completion-by-service", "Referrals that were accepted, by service type: completed, or not "
                    + "(yet). The completion rate is completed over both. Referrals accepted recently have had "
                    + "little time to complete, so recent months look worse." + SMALL + COHORT + STATUSES),
            Map.entry("time-to-receipt", "Time from a referral being forwarded by the hub to the recipient "
                    + "confirming receipt: the median (half took less) and the 90th percentile (nine in ten "
                    + "took less). Referrals never confirmed are not in it." + TIMING),
            Map.entry("time-to-acceptance", "Time from a referral being forwarded to the recipient accepting it, "
                    + "median and 90th percentile. Declined and still-open referrals are not in it, so a partner "
                    + "that answers slowly and rarely accepts can look quick." + TIMING),
            Map.entry("time-to-service-start", "Time from a referral being forwarded to the service starting "
                    + "(in-progress), median and 90th percentile. The start is the day the partner reported, "
                    + "which may be later than the first session." + TIMING));

    private MeasureNotes() {
    }

    /** The note for a table or timing id; a generic note for an id without its own. */
    public static String meaning(String tableOrTimingId) {
        return NOTES.getOrDefault(tableOrTimingId, GENERIC);
    }

    /** Whether the id has a note of its own. */
    public static boolean known(String tableOrTimingId) {
        return NOTES.containsKey(tableOrTimingId);
    }
}
