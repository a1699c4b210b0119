package org.kith.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kith.schemas.Json;

/** The accounting of disclosures: what it says of one family, in words, and nothing of any other. */
class AccountingTest {

    private static JsonNode decision(String at, String family, String subject, String recipient, String outcome,
                                     List<String> categories, List<String> withheld, List<String> basis) {
        ObjectNode body = Json.mapper().valueToTree(new LedgerEvent.Decision("d-" + recipient + at, "m-1",
                "org.kith.referral.v1", family, List.of(subject), "county-cw", recipient, "referral", outcome, categories,
                withheld, basis, List.of(), List.of(), "kith-consent/1"));
        ObjectNode record = Json.mapper().createObjectNode().put("kind", "decision").put("at", at);
        record.set("body", body);
        return record;
    }

    private final List<JsonNode> ledger = List.of(
            decision("2026-11-23T10:00:00Z", "F-1", "F-1-C1", "riverside-clinic", "redact",
                    List.of("identity", "service"), List.of("contact:no-consent"),
                    List.of("directive:D-1", "agreement:MOU-1")),
            decision("2026-11-23T09:00:00Z", "F-2", "F-2-C1", "lincoln-elementary", "permit",
                    List.of("identity"), List.of(), List.of("authority:CO-9", "agreement:MOU-2")),
            decision("2026-11-23T11:00:00Z", "F-1", "F-1-P1", "family-court", "deny",
                    List.of(), List.of("identity:denied-by-family"), List.of("directive:D-3", "agreement:MOU-3")),
            decision("2026-11-23T08:00:00Z", "F-10", "F-10-C1", "riverside-clinic", "permit",
                    List.of("identity"), List.of(), List.of("directive:D-10", "agreement:MOU-1")));

    @Test
    void aFamilysAccountingHoldsItsOwnDecisionsInOrderAndInWords() {
        List<Accounting.Entry> entries = Accounting.of("F-1", Optional.empty(), ledger);

        assertEquals(List.of(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T11:00:00Z")),
                entries.stream().map(Accounting.Entry::at).toList());
        assertEquals("On 2026-11-23 riverside-clinic received a referral about F-1-C1 from county-cw (identity, service "
                + "data) for referral, on the basis of consent directive D-1 and data-sharing agreement MOU-1; contact "
                + "data was withheld because no consent or legal authority covers this recipient and removed from the "
                + "copy.", entries.get(0).sentence());
        assertEquals("On 2026-11-23 family-court did not receive a referral about F-1-P1 from county-cw: identity data "
                + "was withheld because the family said no.", entries.get(1).sentence());
    }

    @Test
    void nothingAboutAnyOtherFamilyAppearsInAnyForm() {
        List<Accounting.Entry> entries = Accounting.of("F-1", Optional.empty(), ledger);
        String json = Accounting.json("F-1", Optional.empty(), entries).toString();
        String html = Accounting.html("F-1", Optional.empty(), entries);
        for (String other : List.of("F-2", "F-10", "CO-9", "D-10", "lincoln-elementary", "MOU-2")) {
            assertFalse(json.contains(other), other + " in " + json);
            assertFalse(html.contains(other), other + " in the page");
        }
    }

    @Test
    void aRefusedAccessIsInTheLedgerButNotADisclosure() {
        ObjectNode refused = Json.mapper().createObjectNode().put("kind", LedgerEvent.AccessRefused.KIND)
                .put("at", "2026-11-23T12:00:00Z");
        refused.set("body", Json.mapper().valueToTree(new LedgerEvent.AccessRefused("partner:lakeside-housing",
                "GET /v1/referrals/{familyId}/{referralId}", "F-1", "not-found", 3, "2026-11-23T12:00:00Z",
                "2026-11-23T12:00:40Z")));
        List<JsonNode> withRefusal = new java.util.ArrayList<>(ledger);
        withRefusal.add(refused);

        assertEquals(Accounting.of("F-1", Optional.empty(), ledger), Accounting.of("F-1", Optional.empty(), withRefusal),
                "nothing was disclosed: the accounting of disclosures is unchanged");
    }

    @Test
    void aMembersAccountingHoldsOnlyWhatConcernedThem() {
        List<Accounting.Entry> entries = Accounting.of("F-1", Optional.of("F-1-P1"), ledger);

        assertEquals(List.of("family-court"), entries.stream().map(Accounting.Entry::recipient).toList());
    }

    @Test
    void aDisclosureUnderBreakGlassSaysWhoDeclaredItAndWhyAsDeclaredThen() {
        ObjectNode declared = Json.mapper().createObjectNode().put("kind", "consent-recorded").put("at", "2026-11-23T09:30:00Z");
        declared.set("body", Json.mapper().valueToTree(new LedgerEvent.ConsentRecorded("legal-authority", "EM-1", "F-1",
                "m-9", "county-cw", "emergency", List.of(), new LedgerEvent.ConsentRecorded.Emergency("oncall-ana",
                "identity-provider", "Risk of harm to F-1-C1 tonight."))));
        ObjectNode later = declared.deepCopy().put("at", "2026-11-23T12:30:00Z");
        ((ObjectNode) later.at("/body/emergency")).put("declaredBy", "oncall-ben");
        List<JsonNode> records = List.of(declared, later,
                decision("2026-11-23T10:00:00Z", "F-1", "F-1-C1", "riverside-clinic", "permit", List.of("identity"),
                        List.of(), List.of("authority:EM-1", "agreement:MOU-1")));

        Accounting.Entry entry = Accounting.of("F-1", Optional.empty(), records).get(0);
        assertEquals(List.of(new Accounting.BreakGlass("EM-1", "oncall-ana", "identity-provider",
                "Risk of harm to F-1-C1 tonight.")), entry.breakGlass(), "as declared when the decision was made");
        assertEquals("On 2026-11-23 riverside-clinic received a referral about F-1-C1 from county-cw (identity data) for "
                + "referral, on the basis of child-safety emergency access EM-1 declared by oncall-ana (\"Risk of harm to "
                + "F-1-C1 tonight.\") and data-sharing agreement MOU-1.", entry.sentence());
        assertTrue(Accounting.html("F-1", Optional.empty(), List.of(entry))
                .contains("EM-1: declared by oncall-ana (identity-provider): Risk of harm to F-1-C1 tonight."));
        assertEquals(1, Accounting.of("F-1", Optional.empty(), records).size(), "a declaration is no disclosure");
        assertTrue(Accounting.of("F-2", Optional.empty(), records).isEmpty(), "nor another family's");
    }

    @Test
    void thePageEscapesWhatItShows() {
        JsonNode odd = decision("2026-11-23T10:00:00Z", "F-1", "F-1-C1", "<script>", "permit", List.of("identity"),
                List.of(), List.of("directive:D-1"));
        String html = Accounting.html("F-1", Optional.empty(), Accounting.of("F-1", Optional.empty(), List.of(odd)));
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("&lt;script&gt;"));
    }
}
