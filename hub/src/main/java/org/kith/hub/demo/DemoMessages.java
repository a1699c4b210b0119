package org.kith.hub.demo;

/** The fictional messages of the demo and the tests. */
public final class DemoMessages {

    private DemoMessages() {
    }

    public static String consent(String familyId, String directiveId, String recipient) {
        return directive(familyId, directiveId, recipient, "active");
    }

    public static String revocation(String familyId, String directiveId, String recipient) {
        return directive(familyId, directiveId, recipient, "revoked");
    }

    private static String directive(String familyId, String directiveId, String recipient, String status) {
        return """
                {"type": "org.kith.consent-directive.v1", "familyid": "%s",
                 "data": {"directiveId": "%s", "recipient": "%s", "status": "%s",
                          "evidence": "signed release form CW-17, explained in English"}}
                """.formatted(familyId, directiveId, recipient, status);
    }

    public static String referral(String familyId, String referralId, String recipient) {
        return """
                {"type": "org.kith.referral.v1", "familyid": "%s", "recipients": ["%s"],
                 "data": {"referralId": "%s", "serviceType": "mental-health", "urgency": "routine",
                          "reason": "Trauma-informed counseling for the child after a placement change",
                          "persons": [{"personId": "%s-C1", "role": "child", "givenName": "Alex",
                                       "familyName": "Example", "birthDate": "2016-05-14"}]}}
                """.formatted(familyId, recipient, referralId, familyId);
    }
}
