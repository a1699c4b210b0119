package org.kith.hub.demo;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The fictional messages of the demo and the tests, as the structured CloudEvents a child welfare
 * agency's system sends. Each call makes a fresh event id.
 */
public final class DemoMessages {

    private static final AtomicLong EVENTS = new AtomicLong();

    private DemoMessages() {
    }

    /**
     * The facts consent turns on for a demo family: a parent ({@code <family>-P1}) and a child
     * ({@code <family>-C1}, born 2016) for whom the parent may consent; {@code source} is the
     * responsible agency. Without it no directive of the family binds.
     */
    public static String profile(String source, String familyId) {
        return event(source, "family-profile", familyId, "consent-management", familyId, null, """
                {"members": [{"personId": "%s-P1", "birthDate": "1990-03-02", "role": "parent"},
                             {"personId": "%s-C1", "birthDate": "2016-05-14", "role": "child",
                              "consentingForThem": ["%s-P1"]}],
                 "responsibleAgency": "%s"}
                """.formatted(familyId, familyId, familyId, source));
    }

    /**
     * The mother's permission, as parent of the child {@code <family>-C1}, for {@code recipient} to
     * receive referral data (service, identity, administrative). It binds once the family's
     * {@link #profile} is recorded.
     */
    public static String consent(String source, String familyId, String directiveId, String recipient) {
        return event(source, "consent-directive", familyId, "consent-management", directiveId, null, """
                {"directiveId": "%s", "subjects": ["%s-C1"],
                 "grantor": {"personId": "%s-P1", "relationship": "mother", "capacity": "parent"},
                 "effect": "permit", "recipients": ["%s"],
                 "categories": ["administrative", "service", "identity"], "purposes": ["referral"],
                 "period": {"from": "2026-01-01", "to": "2027-12-31"},
                 "evidence": {"formReference": "CW-17", "explainedInLanguage": "en"},
                 "redisclosureAllowed": false}
                """.formatted(directiveId, familyId, familyId, recipient));
    }

    /**
     * The mother's permission, as parent of the child {@code <family>-C1}, for the child's
     * demographics in referrals to {@code recipient} to count in the partnership's evaluation
     * measures (the disparity tables): demographics only, for the evaluation purpose only.
     */
    public static String evaluationConsent(String source, String familyId, String directiveId, String recipient) {
        return event(source, "consent-directive", familyId, "consent-management", directiveId, null, """
                {"directiveId": "%s", "subjects": ["%s-C1"],
                 "grantor": {"personId": "%s-P1", "relationship": "mother", "capacity": "parent"},
                 "effect": "permit", "recipients": ["%s"],
                 "categories": ["demographics"], "purposes": ["evaluation"],
                 "period": {"from": "2026-01-01", "to": "2027-12-31"},
                 "evidence": {"formReference": "CW-17E", "explainedInLanguage": "en"},
                 "redisclosureAllowed": false}
                """.formatted(directiveId, familyId, familyId, recipient));
    }

    /**
     * The mother's permission, as parent of the child and for herself (two directives), for
     * {@code provider} to tell {@code recipient} how the family's referrals go (service and
     * administrative data). A referral status names no person, so it is about every member of the
     * family and needs both.
     */
    public static java.util.List<String> statusConsent(String source, String familyId, String directiveId,
                                                       String provider, String recipient) {
        String template = """
                {"directiveId": "%s", "subjects": ["%s"],
                 "grantor": {"personId": "%s-P1", %s"capacity": "%s"},
                 "effect": "permit", "recipients": ["%s"], "sources": ["%s"],
                 "categories": ["administrative", "service"], "purposes": ["referral"],
                 "period": {"from": "2026-01-01", "to": "2027-12-31"},
                 "evidence": {"formReference": "CW-17", "explainedInLanguage": "en"},
                 "redisclosureAllowed": false}
                """;
        return java.util.List.of(
                event(source, "consent-directive", familyId, "consent-management", directiveId + "-child", null,
                        template.formatted(directiveId + "-child", familyId + "-C1", familyId,
                                "\"relationship\": \"mother\", ", "parent", recipient, provider)),
                event(source, "consent-directive", familyId, "consent-management", directiveId + "-self", null,
                        template.formatted(directiveId + "-self", familyId + "-P1", familyId, "", "adult-for-self",
                                recipient, provider)));
    }

    /** A referral of family {@code familyId}'s parent to a housing provider, for stable housing before reunification. */
    public static String housingReferral(String source, String familyId, String referralId, String recipient) {
        return event(source, "referral", familyId, "referral", referralId, recipient, """
                {"referralId": "%s", "serviceType": "housing", "urgency": "urgent",
                 "reason": "Stable housing for the family before the child returns home",
                 "persons": [{"personId": "%s-C1", "role": "child", "givenName": "Alex",
                              "familyName": "Example", "birthDate": "2016-05-14"}]}
                """.formatted(referralId, familyId));
    }

    /**
     * A substance use treatment program's monthly progress report on the mother's treatment, with its
     * clinical summary: 42 CFR Part 2 records, which the program may disclose only with her consent.
     */
    public static String treatmentProgressReport(String source, String familyId, String reportId, String recipient) {
        return event(source, "progress-report", familyId, "care-coordination", reportId, recipient, """
                {"reportId": "%s", "referralId": "R-1001-SUD", "serviceType": "substance-use-treatment",
                 "persons": [{"personId": "%s-P1"}], "period": {"from": "2026-10-01", "to": "2026-10-31"},
                 "serviceStatus": "active", "attendance": {"sessionsScheduled": 12, "sessionsAttended": 11},
                 "clinicalSummary": {"substanceUse": "Engaged in intensive outpatient treatment; stepping down in December.",
                                     "drugScreens": {"collected": 4, "negative": 4, "positive": 0, "missedOrRefused": 0}},
                 "nextReportDate": "2026-12-02"}
                """.formatted(reportId, familyId));
    }

    /**
     * The mother's permission, for herself, for the substance use treatment {@code program} to tell
     * {@code recipient} how her treatment goes (service and administrative data), which does not name
     * substance use records: from a 42 CFR Part 2 program it therefore lets nothing go.
     */
    public static String treatmentConsent(String source, String familyId, String directiveId, String program,
                                          String recipient) {
        return event(source, "consent-directive", familyId, "consent-management", directiveId, null, """
                {"directiveId": "%s", "subjects": ["%s-P1"],
                 "grantor": {"personId": "%s-P1", "capacity": "adult-for-self"},
                 "effect": "permit", "recipients": ["%s"], "sources": ["%s"],
                 "categories": ["administrative", "service", "identity"], "purposes": ["care-coordination"],
                 "period": {"from": "2026-01-01", "to": "2027-12-31"},
                 "evidence": {"formReference": "CW-17", "explainedInLanguage": "en"},
                 "redisclosureAllowed": false}
                """.formatted(directiveId, familyId, familyId, recipient, program));
    }

    /**
     * A referral's status from {@code source} (its recipient or its referrer), e.g. {@code accepted}
     * or, with {@code extra} members, {@code "declined", "reasonCode": "no-capacity"}.
     */
    public static String referralStatus(String source, String familyId, String referralId, String status,
                                        String extra) {
        return event(source, "referral-status", familyId, "referral", referralId, null, """
                {"referralId": "%s", "status": "%s", "statusDate": "2026-11-23"%s}
                """.formatted(referralId, status, extra == null || extra.isEmpty() ? "" : ", " + extra));
    }

    /** A court order that lets {@code recipient} receive referral data about the child, whatever the family decided. */
    public static String courtOrder(String source, String familyId, String authorityId, String recipient) {
        return event(source, "legal-authority", familyId, "consent-management", authorityId, null, """
                {"authorityId": "%s", "kind": "court-order", "subjects": ["%s-C1"], "recipients": ["%s"],
                 "categories": ["administrative", "service", "identity"], "purposes": ["referral"],
                 "period": {"from": "2026-01-01", "to": "2027-12-31"},
                 "court": {"courtId": "family-court", "orderId": "ORD-%s", "issued": "2026-01-01"}}
                """.formatted(authorityId, familyId, recipient, authorityId));
    }

    /** A child-safety emergency declared at {@code at} for 48 hours: {@code recipient} may receive referral data at once. */
    public static String emergency(String source, String familyId, String authorityId, String recipient,
                                   java.time.Instant at) {
        java.time.LocalDate day = java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC);
        return event(source, "legal-authority", familyId, "consent-management", authorityId, null, """
                {"authorityId": "%s", "kind": "emergency", "subjects": ["%s-C1"], "recipients": ["%s"],
                 "categories": ["administrative", "service", "identity"], "purposes": ["referral"],
                 "period": {"from": "%s", "to": "%s"},
                 "emergency": {"justification": "The child cannot wait for consent.",
                               "requestedBy": {"name": "On-call supervisor", "role": "on-call supervisor"},
                               "declaredAt": "%s", "expires": "%s"}}
                """.formatted(authorityId, familyId, recipient, day, day.plusDays(2), at,
                at.plus(java.time.Duration.ofHours(48))));
    }

    public static String revocation(String source, String familyId, String directiveId) {
        return event(source, "consent-revocation", familyId, "consent-management", directiveId, null, """
                {"directiveId": "%s", "revokedAt": "2026-11-20T09:00:00Z",
                 "revokedBy": {"personId": "%s-P1", "capacity": "parent"}}
                """.formatted(directiveId, familyId));
    }

    /** A referral that also gives the family's phone number: contact data, which the demo family's consent does not release. */
    public static String referralWithFamilyContact(String source, String familyId, String referralId, String recipient) {
        return referral(source, familyId, referralId, recipient)
                .replace("\"urgency\": \"routine\",", "\"urgency\": \"routine\", \"familyContact\": {\"phone\": \"+1-555-0100\"},");
    }

    public static String referral(String source, String familyId, String referralId, String recipient) {
        return event(source, "referral", familyId, "referral", referralId, recipient, """
                {"referralId": "%s", "serviceType": "mental-health", "urgency": "routine",
                 "reason": "Trauma-informed counseling for the child after a placement change",
                 "persons": [{"personId": "%s-C1", "role": "child", "givenName": "Alex",
                              "familyName": "Example", "birthDate": "2016-05-14"}]}
                """.formatted(referralId, familyId));
    }

    /**
     * A partnership configuration file with one data-sharing agreement per pair: referrals and their
     * status between {@code a} and each partner, for referral, care coordination and the
     * partnership's evaluation, 2026-2027, its measures counted by the county's two areas.
     */
    public static String partnership(String a, String... others) {
        StringBuilder agreements = new StringBuilder();
        for (String b : others) {
            if (agreements.length() > 0) {
                agreements.append(",\n");
            }
            agreements.append("""
                      {"id": "MOU-%s-%s", "parties": ["%s", "%s"], "purposes": ["referral", "care-coordination", "evaluation"],
                       "messageTypes": ["referral", "referral-status"],
                       "categories": ["administrative", "service", "identity", "contact", "demographics"],
                       "effective": "2026-01-01", "expires": "2027-12-31",
                       "measureAreas": ["north-county", "south-county"]}""".formatted(a, b, a, b));
        }
        return "{\"agreements\": [\n" + agreements + "\n], \"routingRules\": []}\n";
    }

    /**
     * The demo's partnership: {@link #partnership} of {@code agency} with {@code program} and
     * {@code others}; an agreement by which {@code court} and the agency exchange court notices and
     * case plans for court proceedings, and the statute by which a dependency court notifies the
     * family's responsible agency of its hearings; and an agreement by which the substance use
     * treatment {@code program} may send the agency progress reports, substance use data included
     * (which still needs the patient's consent under 42 CFR Part 2).
     */
    public static String demoPartnership(String agency, String court, String program, String... others) {
        String opening = "{\"agreements\": [\n";
        String[] parties = java.util.stream.Stream.concat(java.util.stream.Stream.of(program),
                java.util.Arrays.stream(others)).toArray(String[]::new);
        return partnership(agency, parties).replace(opening, opening + """
                  {"id": "MOU-%s-%s", "parties": ["%s", "%s"], "purposes": ["court-proceeding", "case-planning"],
                   "messageTypes": ["court-notice", "case-plan"], "categories": ["administrative", "identity", "court"],
                   "effective": "2026-01-01", "expires": "2027-12-31"},
                  {"id": "MOU-%s-%s-reports", "parties": ["%s", "%s"], "purposes": ["care-coordination"],
                   "messageTypes": ["progress-report"],
                   "categories": ["administrative", "identity", "service", "substance-use"],
                   "effective": "2026-01-01", "expires": "2027-12-31"},
                """.formatted(agency, court, agency, court, agency, program, agency, program)).replace("\"routingRules\": []}", """
                "routingRules": [], "statuteRules": [
                  {"id": "statute:dependency-hearing-notice", "citation": "state juvenile court act: notice of hearings to the parties",
                   "senderKinds": ["court"], "recipientKinds": ["child-welfare"], "responsibleAgencyOnly": true,
                   "categories": ["court", "identity", "administrative"], "purposes": ["court-proceeding"],
                   "messageTypes": ["court-notice"]}]}""");
    }

    private static String event(String source, String type, String familyId, String purpose, String subject,
                                String recipients, String data) {
        return """
                {"specversion": "1.0", "id": "evt-%d", "source": "%s", "type": "org.kith.%s.v1", "subject": "%s",
                 "time": "2026-11-20T14:05:00Z", "familyid": "%s", "purpose": "%s",%s
                 "datacontenttype": "application/json", "data": %s}
                """.formatted(EVENTS.incrementAndGet(), source, type, subject, familyId, purpose,
                recipients == null ? "" : " \"recipients\": \"" + recipients + "\",", data);
    }
}
